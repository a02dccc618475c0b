// Helpers for integration and e2e tests that need the test engine provisioned by
// test/support/provision.sh (or a user-supplied one via IMGSH_TEST_DOCKER_HOST).
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const TEST_LABEL = 'imgsh.test';
export const DEFAULT_FIXTURE = 'imgsh-fixture/busybox:latest';
export const AUTH_REGISTRY_USER = 'imgsh';
export const AUTH_REGISTRY_PASSWORD = 'imgsh-test-pass';

const runId = `run-${Date.now().toString(36)}-${process.pid}-${randomBytes(2).toString('hex')}`;

/** The value of the imgsh.test label on everything this process creates. */
export function testLabelValue(): string {
  return runId;
}

export function testRoot(): string {
  return process.env.IMGSH_TEST_ROOT || '/var/tmp/imgsh-test';
}

let envFile: Record<string, string> | undefined;
function provisioned(): Record<string, string> {
  if (envFile) return envFile;
  const path = join(testRoot(), 'env');
  envFile = {};
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) envFile[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return envFile;
}

/** A test setting: the environment, else provision.sh's env file. A user-given engine never inherits the registries of our provisioned one. */
export function setting(name: string): string | undefined {
  if (process.env[name]) return process.env[name];
  if (process.env.IMGSH_TEST_DOCKER_HOST) return undefined;
  return provisioned()[name] || undefined;
}

/** DOCKER_HOST value of the test engine, e.g. unix:///var/tmp/imgsh-test/docker.sock. */
export function testDockerHost(): string {
  const host = setting('IMGSH_TEST_DOCKER_HOST');
  if (!host) {
    throw new Error(
      `No test engine: IMGSH_TEST_DOCKER_HOST is unset and ${join(testRoot(), 'env')} is missing. ` +
        'Run `npm test` (or `bash test/support/provision.sh`) first.',
    );
  }
  return host;
}

/**
 * The matrix leg this process runs on (test/run.sh sets IMGSH_TEST_LEG on the legs after the
 * first): a suite that addresses its engines itself (ssh, TLS, Podman, the whole matrix) or needs
 * the first leg's private daemons runs on the first leg only, and says so on the others.
 */
export const firstLegOnly: string | false = process.env.IMGSH_TEST_LEG
  ? `addresses its engines itself: runs on the first leg of the matrix, not on ${process.env.IMGSH_TEST_LEG}`
  : false;

export interface TestEngine {
  product: 'docker' | 'podman';
  /** The server's version, e.g. 20.10.24+dfsg1 or 28.5.2+dfsg4. */
  version: string;
  /** Docker with the containerd image store: image ids are manifest digests, save writes OCI. */
  containerdStore: boolean;
  /** e.g. "Docker 28.5.2 (containerd store)", for test names and messages. */
  label: string;
}

let engineInfo: TestEngine | undefined;

/** What the test engine is, asked once per process (tests whose expectations differ by engine read it). */
export function engineUnderTest(): TestEngine {
  if (engineInfo) return engineInfo;
  const ask = (args: string[]) => execFileSync('docker', args, { env: testEnv(), encoding: 'utf8', timeout: 15_000 }).trim();
  const server = JSON.parse(ask(['version', '--format', '{{json .Server}}'])) as { Version: string; Components?: { Name: string }[] };
  const podman = (server.Components ?? []).some((c) => /podman/i.test(c.Name));
  const status = JSON.parse(ask(['info', '--format', '{{json .DriverStatus}}']) || 'null') as [string, string][] | null;
  const containerdStore = (status ?? []).some(([k, v]) => k === 'driver-type' && /containerd\.snapshotter/.test(v));
  const version = server.Version;
  const label = `${podman ? 'Podman' : 'Docker'} ${version.replace(/\+.*$/, '')}${containerdStore ? ' (containerd store)' : ''}`;
  engineInfo = { product: podman ? 'podman' : 'docker', version, containerdStore, label };
  return engineInfo;
}

/**
 * The engine as the status bar names it: `Docker 20.10` (what shows at any width), or with
 * `full`, `Docker 20.10.24+dfsg1, API 1.41`, `, containerd store` on that store, and BuildKit or not.
 */
export function engineStatus(full = false): RegExp {
  const e = engineUnderTest();
  const v = e.version.replace(/\+.*$/, '').split('.').slice(0, 2).join('\\.');
  const name = `${e.product === 'podman' ? 'Podman' : 'Docker'} ${v}`;
  return new RegExp(full ? `${name}\\S*, API 1\\.\\d+${e.containerdStore ? ', containerd store' : ''}, ${e.product === 'podman' ? 'no ' : ''}BuildKit` : name);
}

/** host:port of a plain registry the test engine can push to, or undefined (skip the test). */
export function testRegistry(): string | undefined {
  return setting('IMGSH_TEST_REGISTRY');
}

/** host:port of a registry requiring AUTH_REGISTRY_USER / AUTH_REGISTRY_PASSWORD, or undefined. */
export function testAuthRegistry(): string | undefined {
  return setting('IMGSH_TEST_AUTH_REGISTRY');
}

export function fixtureRef(): string {
  return process.env.IMGSH_TEST_FIXTURE || DEFAULT_FIXTURE;
}

let configDir: string | undefined;
/** A per-process DOCKER_CONFIG, so `docker login` in tests never touches ~/.docker. */
export function dockerConfigDir(): string {
  configDir ??= mkdtempSync(join(tmpdir(), 'imgsh-test-docker-config-'));
  return configDir;
}

/** Env for child processes that should talk to the test engine. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: testDockerHost(), DOCKER_CONFIG: dockerConfigDir(), ...extra };
}

export interface DockerOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs the docker CLI against the test engine; resolves to stdout, rejects with stderr. */
export function docker(args: string[], opts: DockerOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'docker',
      args,
      { env: testEnv(opts.env), cwd: opts.cwd, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 256 << 20 },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const code = (err as { code?: unknown }).code;
        reject(new Error(`docker ${args.join(' ')} failed (${code}): ${String(stderr).trim() || err.message}`));
      },
    );
    child.stdin?.end(opts.input);
  });
}

export interface TestImageOptions {
  /** Base image; defaults to the fixture. */
  from?: string;
  /** Files to add, path inside the image -> content. */
  files?: Record<string, string | Buffer>;
  labels?: Record<string, string>;
  /** Extra Dockerfile lines after FROM/COPY, e.g. ['RUN echo hi > /greeting']. */
  steps?: string[];
}

/** Builds `tag` FROM the fixture (or opts.from) with the legacy builder, labelled imgsh.test=<run id>. Returns the image ID. */
export async function makeTestImage(tag: string, opts: TestImageOptions = {}): Promise<string> {
  const ctx = mkdtempSync(join(tmpdir(), 'imgsh-test-build-'));
  try {
    // The label right after FROM marks every step's image: on the containerd store the legacy
    // builder's intermediate images outlive the final one, and cleanup finds them by it.
    const lines = [`FROM ${opts.from ?? fixtureRef()}`, `LABEL ${TEST_LABEL}=${runId}`];
    const files = Object.entries(opts.files ?? {});
    for (const [path, content] of files) {
      const dest = join(ctx, 'files', path);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, content);
    }
    if (files.length) lines.push('COPY files/ /');
    lines.push(...(opts.steps ?? []));
    writeFileSync(join(ctx, 'Dockerfile'), lines.join('\n') + '\n');
    const labels = { ...opts.labels, [TEST_LABEL]: runId };
    const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    const out = await docker(['build', '-q', '--rm', '--force-rm', '-t', tag, ...labelArgs, ctx], {
      env: { DOCKER_BUILDKIT: '0' },
    });
    return out.trim().split('\n').pop()!;
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/**
 * A GET of the Engine API on a unix socket, its JSON answer (null for 404). The harness lists
 * this way where it can: a docker CLI start costs ~60 ms of CPU, and cleanup lists several times
 * per file.
 */
function apiGet(socketPath: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path, headers: { Host: 'docker' }, timeout: 60_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : res.statusCode === 404 ? resolve(null) : reject(new Error(`GET ${path} failed (${res.statusCode}): ${body.trim()}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

/** The unix socket of the engine the harness talks to (`env`'s DOCKER_HOST, else the test engine), or null for another kind of address. */
function harnessSocket(env?: Record<string, string>): string | null {
  const host = env?.DOCKER_HOST ?? testDockerHost();
  return host.startsWith('unix://') ? host.slice('unix://'.length) : null;
}

async function listIds(kind: 'ps' | 'images', env?: Record<string, string>): Promise<string[]> {
  const socket = harnessSocket(env);
  if (socket) {
    // as `docker ps -aq` / `docker images -aq` with the filter: the engine's order, newest first
    const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
    const list = (await apiGet(socket, `/${kind === 'ps' ? 'containers' : 'images'}/json?all=1&filters=${filters}`)) as { Id: string }[];
    return [...new Set(list.map((x) => x.Id))];
  }
  const args = kind === 'ps' ? ['ps', '-aq'] : ['images', '-aq'];
  const out = await docker([...args, '--no-trunc', '--filter', `label=${TEST_LABEL}=${runId}`], { env });
  return [...new Set(out.split('\n').filter(Boolean))];
}

/** Removes the containers and images of this run (and only those). Throws if some remain. */
export async function cleanup(): Promise<void> {
  try {
    await cleanupOn();
  } finally {
    if (configDir) rmSync(configDir, { recursive: true, force: true });
    configDir = undefined;
  }
}

/** cleanup's removal on another engine (a fault test's own): this run's containers and images only. */
export async function cleanupOn(host?: string): Promise<void> {
  const env = host ? { DOCKER_HOST: host } : undefined;
  const containers = await listIds('ps', env);
  if (containers.length) await docker(['rm', '-f', '-v', ...containers], { env });
  // Newest first, so children go before their parents; retry for anything still referenced.
  for (let pass = 0; pass < 3; pass++) {
    const images = await listIds('images', env);
    if (!images.length) break;
    // one call for all (docker goes on past an image it cannot remove yet, and says so at the end)
    await docker(['rmi', '-f', ...images], { env }).catch(() => {});
  }
  const left = [...(await listIds('ps', env)), ...(await listIds('images', env))];
  if (left.length) throw new Error(`cleanup left ${left.join(', ')} behind`);
  // what no test may delete: a file that did fails here, not the files after it
  if (!host) {
    const socket = harnessSocket();
    const there = socket ? (await apiGet(socket, `/images/${fixtureRef()}/json`)) !== null : await docker(['image', 'inspect', '-f', '{{.Id}}', fixtureRef()]).then(() => true, () => false);
    if (!there) throw new Error(`the fixture ${fixtureRef()} is gone from the test engine: something this file ran deleted it`);
  }
}
