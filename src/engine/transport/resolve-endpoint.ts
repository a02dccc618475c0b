import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_SOCKET,
  parseHostUrl,
  type Endpoint,
  type EndpointSource,
  type TlsMaterial,
} from '../../domain/connection/endpoint.js';

export interface EndpointOptions {
  /** `--host` */
  host?: string;
  /** `--context` */
  context?: string;
}

export type Env = Record<string, string | undefined>;

/**
 * Finds the engine the way the docker CLI does: `--context` or `--host` (not both), then
 * DOCKER_HOST, then DOCKER_CONTEXT, then `currentContext` in config.json, then the default
 * socket. Context "default" means DOCKER_HOST if set, else the default socket.
 */
export function resolveEndpoint(opts: EndpointOptions = {}, env: Env = process.env): Endpoint {
  const host = opts.host?.trim();
  const context = opts.context?.trim();
  if (host && context) throw new Error('conflicting options: give either --host or --context, not both');
  if (context) return fromContext(context, env);
  if (host) return fromHostString(host, { from: 'flag' }, env);
  const envHost = env.DOCKER_HOST?.trim();
  if (envHost) return fromHostString(envHost, { from: 'DOCKER_HOST' }, env);
  const envContext = env.DOCKER_CONTEXT?.trim();
  if (envContext) return fromContext(envContext, env);
  const current = readCurrentContext(env);
  if (current) return fromContext(current, env);
  return defaultEndpoint();
}

export function configDir(env: Env): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

function defaultEndpoint(): Endpoint {
  return parseHostUrl(`unix://${DEFAULT_SOCKET}`, { from: 'default' });
}

/** A `--host` or DOCKER_HOST value; TLS comes from DOCKER_TLS / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH. */
function fromHostString(value: string, source: EndpointSource, env: Env): Endpoint {
  // docker reads a bare `host:port` as tcp
  const url = value.includes('://') || value.startsWith('/') ? value : `tcp://${value}`;
  const isTcp = /^(tcp|https?):\/\//.test(url);
  return parseHostUrl(url, source, isTcp ? tlsFromEnv(env) : null);
}

export function tlsFromEnv(env: Env): TlsMaterial | null {
  const verify = !!env.DOCKER_TLS_VERIFY;
  if (!verify && !env.DOCKER_TLS) return null;
  const dir = env.DOCKER_CERT_PATH || configDir(env);
  return { ...pemFiles(dir), verify };
}

/** Paths of ca.pem / cert.pem / key.pem in a folder, null for those that are missing. */
function pemFiles(dir: string): Omit<TlsMaterial, 'verify'> {
  const file = (name: string) => {
    const p = join(dir, name);
    return existsSync(p) ? p : null;
  };
  return { ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem') };
}

/** `currentContext` in `$DOCKER_CONFIG/config.json`, or null. */
export function readCurrentContext(env: Env): string | null {
  const path = join(configDir(env), 'config.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const name = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
    return typeof name === 'string' && name.trim() ? name.trim() : null;
  } catch {
    return null; // docker only warns about a broken config.json, and so do we (by ignoring it)
  }
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

export function contextDigest(name: string): string {
  // node:crypto costs ~6 ms of start-up; only contexts need it.
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(name).digest('hex');
}

function fromContext(name: string, env: Env): Endpoint {
  if (name === 'default') {
    const envHost = env.DOCKER_HOST?.trim();
    return envHost ? fromHostString(envHost, { from: 'DOCKER_HOST' }, env) : defaultEndpoint();
  }
  const dir = configDir(env);
  const digest = contextDigest(name);
  const metaPath = join(dir, 'contexts', 'meta', digest, 'meta.json');
  let meta: ContextMeta;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ContextMeta;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`context "${name}" not found: list them with \`imgsh context ls\`, or pick one with --context`);
    throw new Error(`context "${name}": cannot read ${metaPath}: ${(err as Error).message}`);
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) throw new Error(`context "${name}" has no docker endpoint (${metaPath})`);
  const source: EndpointSource = { from: 'context', name };
  const isTcp = /^(tcp|https?):\/\//.test(docker.Host);
  let tls: TlsMaterial | null = null;
  if (isTcp) {
    const files = pemFiles(join(dir, 'contexts', 'tls', digest, 'docker'));
    const skip = docker.SkipTLSVerify === true;
    if (files.ca || files.cert || files.key || skip) tls = { ...files, verify: !skip };
  }
  return parseHostUrl(docker.Host, source, tls);
}
