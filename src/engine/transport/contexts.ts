import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_SOCKET } from '../../domain/connection/endpoint.js';
import { configDir, contextDigest, readCurrentContext, type Env } from './resolve-endpoint.js';
import type { ContextInfo } from '../../domain/connection/endpoint.js';

/** One docker context, as `docker context ls` shows it. */
export type { ContextInfo };

export const DEFAULT_CONTEXT = 'default';
/** docker's own rule for context names (cli/context/store). */
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

interface Meta {
  Name?: unknown;
  Metadata?: { Description?: unknown } | null;
  Endpoints?: { docker?: { Host?: unknown } } | null;
}

/** The `default` context first (DOCKER_HOST, else the default socket), then the others by name, as docker lists them. */
export function listContexts(env: Env = process.env): ContextInfo[] {
  const host = env.DOCKER_HOST?.trim();
  const builtIn: ContextInfo = {
    name: DEFAULT_CONTEXT,
    description: 'Current DOCKER_HOST based configuration',
    endpoint: host || `unix://${DEFAULT_SOCKET}`,
    error: '',
  };
  const metaDir = join(configDir(env), 'contexts', 'meta');
  let digests: string[];
  try {
    digests = readdirSync(metaDir);
  } catch {
    return [builtIn]; // no contexts yet
  }
  const others: ContextInfo[] = [];
  for (const digest of digests) {
    const path = join(metaDir, digest, 'meta.json');
    if (!existsSync(path)) continue;
    others.push(readMeta(path, digest));
  }
  others.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [builtIn, ...others.filter((c) => c.name !== DEFAULT_CONTEXT)];
}

function readMeta(path: string, digest: string): ContextInfo {
  let meta: Meta;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8')) as Meta;
  } catch (e) {
    return { name: digest.slice(0, 12), description: '', endpoint: '', error: `cannot read ${path}: ${(e as Error).message}` };
  }
  const name = typeof meta.Name === 'string' ? meta.Name : digest.slice(0, 12);
  const description = typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : '';
  const host = meta.Endpoints?.docker?.Host;
  const endpoint = typeof host === 'string' ? host : '';
  const error = typeof meta.Name !== 'string' ? `${path} has no Name` : endpoint ? '' : 'no docker endpoint';
  return { name, description, endpoint, error };
}

/** The names, for completion and for saying which exist. */
export function contextNames(env: Env = process.env): string[] {
  return listContexts(env).filter((c) => !c.error).map((c) => c.name);
}

/** Throws one line naming the known contexts when `name` is not one of them. */
export function checkContextName(name: string, env: Env = process.env): void {
  if (name === DEFAULT_CONTEXT) return;
  if (!NAME_RE.test(name)) throw new Error(`context name "${name}" is invalid: names are letters, digits and _ . + - (starting with a letter or digit)`);
  const metaPath = join(configDir(env), 'contexts', 'meta', contextDigest(name), 'meta.json');
  if (!existsSync(metaPath)) throw new Error(`context "${name}" not found: the contexts are ${contextNames(env).join(', ')}`);
}

/**
 * Makes `name` the current context as `docker context use` does: `currentContext` in
 * `$DOCKER_CONFIG/config.json`, every other key kept, the file's mode kept (0600 when new);
 * `default` removes the key. Nothing is written when nothing changes. Returns whether it wrote.
 */
export function useContext(name: string, env: Env = process.env): boolean {
  checkContextName(name, env);
  const path = configPath(env);
  let config: Record<string, unknown> = {};
  let mode = 0o600;
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
    try {
      const parsed: unknown = text.trim() ? JSON.parse(text) : {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
      config = parsed as Record<string, unknown>;
    } catch (e) {
      throw new Error(`cannot update ${path}: ${(e as Error).message} — fix or remove the file`);
    }
  }
  const wanted = name === DEFAULT_CONTEXT ? undefined : name;
  if ((config.currentContext || undefined) === wanted) return false;
  if (wanted) config.currentContext = wanted;
  else delete config.currentContext;
  writeAtomically(path, `${JSON.stringify(config, null, '\t')}`, mode);
  return true;
}

/** config.json, through a symlink to where it really is (docker writes the target too). */
function configPath(env: Env): string {
  const path = join(configDir(env), 'config.json');
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Written beside the file and renamed over it, so a crash never leaves half a config. */
function writeAtomically(path: string, text: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.imgsh-${process.pid}.tmp`;
  writeFileSync(temp, text, { mode });
  chmodSync(temp, mode); // the umask may have taken bits off
  renameSync(temp, path);
}

/** The current context by the files and environment alone (no --context): `default` when DOCKER_HOST is set. */
export function currentContextName(env: Env = process.env): string {
  if (env.DOCKER_HOST?.trim()) return DEFAULT_CONTEXT;
  return env.DOCKER_CONTEXT?.trim() || readCurrentContext(env) || DEFAULT_CONTEXT;
}
