import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  decodeAuthEntry,
  encodeAuthEntry,
  findKey,
  fromHelper,
  helperFor,
  registryAuthHeader,
  serverAddress,
  type Credentials,
  type DockerConfigFile,
} from '../../domain/registry/registry-auth.js';
import { processAlive } from '../process-alive.js';

// Registry credentials where docker keeps them: $DOCKER_CONFIG/config.json and credential
// helpers. Secrets stay inside the returned objects: no message here ever quotes one.

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

export function readDockerConfig(path = dockerConfigPath()): DockerConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CredentialsError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as DockerConfigFile;
  } catch {
    // fall through
  }
  throw new CredentialsError(`${path} is not a JSON object: fix it or move it away`);
}

/** The credentials for a registry host (`docker.io` for Docker Hub), or null when none are stored. */
export async function loadCredentials(domain: string, path = dockerConfigPath()): Promise<Credentials | null> {
  const config = readDockerConfig(path);
  const server = serverAddress(domain);
  const helper = helperFor(config, server);
  if (helper) {
    const out = await runHelper(helper, 'get', server, path);
    if (out === null) return null;
    let parsed: { Username?: string; Secret?: string };
    try {
      parsed = JSON.parse(out) as typeof parsed;
    } catch {
      throw new CredentialsError(`docker-credential-${helper} get answered something that is not JSON`);
    }
    return fromHelper(parsed, server);
  }
  const key = findKey(config.auths, server);
  return key === undefined ? null : decodeAuthEntry(config.auths![key], server);
}

/** Stores credentials as `docker login` does: in the helper if one is configured, else base64 in `auths`. */
export async function storeCredentials(domain: string, creds: { username: string; secret: string; token?: boolean }, path = dockerConfigPath()): Promise<'helper' | 'file'> {
  const config = readDockerConfig(path);
  const server = serverAddress(domain);
  const helper = helperFor(config, server);
  const auths = { ...config.auths };
  const old = findKey(auths, server);
  if (old !== undefined) delete auths[old];
  if (helper) {
    const body = JSON.stringify({ ServerURL: server, Username: creds.token ? '<token>' : creds.username, Secret: creds.secret });
    await runHelper(helper, 'store', body, path, creds.secret);
    auths[server] = {};
  } else {
    auths[server] = creds.token ? { identitytoken: creds.secret } : encodeAuthEntry(creds.username, creds.secret);
  }
  writeDockerConfig({ ...config, auths }, path);
  return helper ? 'helper' : 'file';
}

/** Removes stored credentials; false when there were none. */
export async function eraseCredentials(domain: string, path = dockerConfigPath()): Promise<boolean> {
  const config = readDockerConfig(path);
  const server = serverAddress(domain);
  const helper = helperFor(config, server);
  const key = findKey(config.auths, server);
  if (helper) await runHelper(helper, 'erase', server, path);
  if (key === undefined) return Boolean(helper);
  const auths = { ...config.auths };
  delete auths[key];
  writeDockerConfig({ ...config, auths }, path);
  return true;
}

/** Written beside and renamed over, 0600 in a 0700 directory, other keys kept. */
function writeDockerConfig(config: DockerConfigFile, path: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  removeStaleTemps(path);
}

/** A writer killed between write and rename leaves `config.json.PID.tmp` (a secret in it): gone once PID is. */
function removeStaleTemps(path: string): void {
  const pattern = new RegExp(`^${basename(path).replace(/\./g, '\\.')}\\.(\\d+)\\.tmp$`);
  for (const name of readdirSync(dirname(path))) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && !processAlive(pid)) rmSync(join(dirname(path), name), { force: true });
  }
}


/**
 * Runs `docker-credential-HELPER ACTION` with `input` on stdin. Resolves with stdout, or null for
 * "credentials not found". Helper output is never quoted in errors when it might echo a secret.
 */
function runHelper(helper: string, action: 'get' | 'store' | 'erase', input: string, configPath: string, secret?: string): Promise<string | null> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, [action], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(
        new CredentialsError(
          e.code === 'ENOENT'
            ? `the credential helper ${program} (named in ${configPath}) is not on PATH: install it, or remove it from the config`
            : `cannot run ${program}: ${e.code ?? e.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      const said = (out.trim() || err.trim()).split('\n')[0] ?? '';
      if (action !== 'store' && /credentials not found/i.test(said)) return resolve(null);
      const safe = secret && said.includes(secret) ? '' : said;
      reject(new CredentialsError(`${program} ${action} failed${safe ? `: ${safe}` : ` (exit ${code})`}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** The X-Registry-Auth value for a registry host, or null when no credentials are stored. */
export async function registryAuthFor(domain: string, path = dockerConfigPath()): Promise<string | null> {
  const creds = await loadCredentials(domain, path);
  return creds ? registryAuthHeader(creds) : null;
}
