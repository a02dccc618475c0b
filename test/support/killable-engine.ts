// A private dockerd that a fault test may kill (SIGKILL) and start again: its own socket, data
// root and exec root under the test root, the fixture image copied in from the test engine.
// Only a provisioned run has one (it needs root and Debian's dockerd, as provision.sh does).
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { docker, fixtureRef, testRoot } from './engine.js';

export interface KillableEngine {
  /** DOCKER_HOST for it. */
  host: string;
  /** Kills dockerd with SIGKILL and waits until its socket no longer answers. */
  kill(): Promise<void>;
  /** Starts it again (same data root) and waits until it answers. */
  start(): Promise<void>;
  /** Stops it for good (SIGTERM). */
  stop(): Promise<void>;
}

/** Why there is none here, or null when one can be started. */
export function noKillableEngine(): string | null {
  if (process.env.IMGSH_TEST_DOCKER_HOST && !process.env.IMGSH_TEST_PROVISIONED) return 'IMGSH_TEST_DOCKER_HOST is given: the fault tests start their own dockerd only in a provisioned run';
  if (process.getuid?.() !== 0) return 'not root: a private dockerd needs root';
  if (!existsSync('/usr/sbin/dockerd')) return 'no /usr/sbin/dockerd (test/support/provision.sh installs docker.io)';
  return null;
}

const dir = () => join(testRoot(), 'fault');
const sock = () => join(dir(), 'docker.sock');

function answers(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('docker', ['version', '--format', '{{.Server.Version}}'], { env: { ...process.env, DOCKER_HOST: host }, timeout: 5000 }, (err) => resolve(!err));
  });
}

async function waitUntil(ok: () => Promise<boolean> | boolean, what: string, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !(await ok()); ) {
    if (Date.now() > end) throw new Error(`killable engine: ${what} did not happen within ${ms} ms (log: ${join(dir(), 'dockerd.log')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pidOf(file: string): number | null {
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts (or reuses) the killable engine and makes sure it holds the fixture image. */
export async function killableEngine(): Promise<KillableEngine> {
  const why = noKillableEngine();
  if (why) throw new Error(why);
  mkdirSync(dir(), { recursive: true });
  const host = `unix://${sock()}`;
  const pidFile = join(dir(), 'docker.pid');

  async function start(): Promise<void> {
    if (await answers(host)) return;
    // what a killed daemon leaves: its pidfile, socket, the network store of its dead sandboxes,
    // and its containerd's pidfile (a reused pid there makes dockerd wait for a containerd that is not)
    rmSync(pidFile, { force: true });
    rmSync(sock(), { force: true });
    rmSync(join(dir(), 'data/network/files/local-kv.db'), { force: true });
    rmSync(join(dir(), 'exec/containerd/containerd.pid'), { force: true });
    const log = openSync(join(dir(), 'dockerd.log'), 'a');
    const child = spawn(
      '/usr/sbin/dockerd',
      ['--host', host, '--data-root', join(dir(), 'data'), '--exec-root', join(dir(), 'exec'), '--pidfile', pidFile, '--bridge', 'none', '--iptables=false', '--ip-masq=false'],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    closeSync(log);
    await waitUntil(() => answers(host), 'dockerd answering', 60_000);
  }

  async function kill(): Promise<void> {
    const pid = existsSync(pidFile) ? pidOf(pidFile) : null;
    if (pid) process.kill(pid, 'SIGKILL');
    await waitUntil(async () => !(pid && alive(pid)) && !(await answers(host)), 'dockerd gone', 10_000);
  }

  async function stop(): Promise<void> {
    const pid = existsSync(pidFile) ? pidOf(pidFile) : null;
    if (pid) process.kill(pid, 'SIGTERM');
    await waitUntil(() => !(pid && alive(pid)), 'dockerd stopped', 20_000).catch(() => pid && process.kill(pid, 'SIGKILL'));
  }

  await start();
  const on = (args: string[], input?: Buffer) => docker(args, { env: { DOCKER_HOST: host }, input });
  if (!(await on(['images', '-q', fixtureRef()]).catch(() => '')).trim()) {
    const tar = await new Promise<Buffer>((resolve, reject) =>
      execFile('docker', ['save', fixtureRef()], { encoding: 'buffer', maxBuffer: 256 << 20, env: process.env }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    await on(['load', '-q'], tar);
  }
  return { host, kill, start, stop };
}
