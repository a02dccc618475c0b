import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { Duplex } from 'node:stream';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { claimMaster } from './ssh-master.js';

export type SshEndpoint = Extract<Endpoint, { kind: 'ssh' }>;

/** A connection to the engine over ssh: a socket-like stream (see dialSsh). */
export type SshConnection = Duplex & { ref(): SshConnection; unref(): SshConnection };

/** ssh failed before the engine said anything; `stderr` is what ssh (or the remote) printed. */
export class SshDialError extends Error {
  readonly code = 'ESSH';
  constructor(readonly stderr: string) {
    super(stderr || 'ssh exited before the engine answered');
  }
}

/**
 * As the docker CLI does: the system ssh client (so ~/.ssh/config, keys, agents and
 * known_hosts all apply) runs `docker system dial-stdio` on the remote host. BatchMode: a
 * password or passphrase prompt would fight the full-screen app for the terminal.
 */
export function sshArgs(endpoint: SshEndpoint, extra: string[] = []): string[] {
  const args = ['-o', 'ConnectTimeout=30', '-o', 'BatchMode=yes', '-T', ...extra];
  if (endpoint.user) args.push('-l', endpoint.user);
  if (endpoint.port) args.push('-p', String(endpoint.port));
  return [...args, '--', endpoint.host, 'docker', 'system', 'dial-stdio'];
}

/**
 * One connection to the remote engine: a socket-like stream over an ssh child process. It
 * carries HTTP like a socket does, keep-alive included; destroying it ends the ssh process.
 * The endpoint's first connection is its ssh master; later ones ride on its login.
 */
export function dialSsh(endpoint: SshEndpoint): SshConnection {
  let child: ChildProcess | null = null;
  let stderr = '';
  let answered = false;
  const plan = claimMaster(endpoint);
  const start = (extra: string[]) => {
    if (conn.destroyed && plan.role === 'rider') return null;
    child = spawn('ssh', sshArgs(endpoint, extra), { stdio: ['pipe', 'pipe', 'pipe'] });
    wire(child);
    if (plan.role === 'master') plan.started(child);
    return child;
  };
  const conn = new Duplex({
    write(chunk, _enc, cb) {
      // a write error means ssh is gone: 'close' says why
      void started.then((c) => (c?.stdin ? c.stdin.write(chunk, () => cb()) : cb()));
    },
    final(cb) {
      void started.then((c) => (c?.stdin?.end(), cb()));
    },
    read() {
      child?.stdout?.resume();
    },
    destroy(err, cb) {
      if (child && child.exitCode === null) child.kill();
      cb(err);
    },
  });
  const wire = (c: ChildProcess) => {
    c.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    c.stdin!.on('error', () => {}); // EPIPE when ssh is gone
    c.stdout!.on('data', (d: Buffer) => {
      answered = true;
      if (!conn.push(d)) c.stdout!.pause();
    });
    c.on('error', (err: NodeJS.ErrnoException) =>
      conn.destroy(err.code === 'ENOENT' ? new SshDialError('ssh: command not found') : err),
    );
    // EOF is held until ssh has exited, so a failed login is reported with ssh's own words
    // rather than as a connection the engine hung up.
    c.on('close', (code) => {
      if (code !== 0 && !answered) conn.destroy(new SshDialError(lastLines(stderr)));
      else conn.push(null);
    });
    if (unrefd) unrefChild(c);
  };
  let unrefd = false;
  let timer: NodeJS.Timeout | undefined;
  // the master is spawned at once (riders wait for it); it must exist even if its request is gone
  const started = plan.role === 'master' ? Promise.resolve(start(plan.args)) : plan.args.then(start);
  // What http.Agent and ClientRequest call on a socket; unref lets an idle pooled ssh not hold the process.
  const out = Object.assign(conn, {
    setKeepAlive: () => conn,
    setNoDelay: () => conn,
    /** As net.Socket: 'timeout' after `ms` (the agent then drops a free connection). */
    setTimeout(ms: number, cb?: () => void) {
      clearTimeout(timer);
      if (cb) conn.once('timeout', cb);
      // an idle master stays: the connections riding on it would go with it
      if (ms > 0 && plan.role === 'rider') timer = setTimeout(() => conn.emit('timeout'), ms).unref();
      return conn;
    },
    ref() {
      clearTimeout(timer); // taken from the free list for a request
      unrefd = false;
      if (child) refChild(child);
      return out;
    },
    unref() {
      unrefd = true;
      if (child) unrefChild(child);
      return out;
    },
  }) as unknown as SshConnection;
  return out;
}

type Refable = { ref?(): void; unref?(): void } | null;
const pipesOf = (c: ChildProcess) => [c.stdin, c.stdout, c.stderr] as unknown as Refable[];
function refChild(c: ChildProcess) {
  c.ref();
  for (const p of pipesOf(c)) p?.ref?.();
}
function unrefChild(c: ChildProcess) {
  c.unref();
  for (const p of pipesOf(c)) p?.unref?.();
}

export function lastLines(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Warning: Permanently added|^Control socket connect/.test(l));
  return lines.slice(-2).join(' ');
}

/**
 * An agent whose connections are ssh processes: `single` makes one per request (long streams);
 * `queue` keeps one and queues short requests on it — every further ssh session costs the
 * remote a shell start (~100–300 ms of CPU, measured here) while a request queued behind
 * another waits ~10 ms; `pool` keeps as many as are asked for at once (dockerode, whose
 * BuildKit session and build must run side by side).
 */
export function sshAgent(endpoint: SshEndpoint, mode: 'single' | 'queue' | 'pool'): http.Agent {
  // an idle pooled connection is an ssh process on both ends: let it go after a while
  const pooled = { keepAlive: true, timeout: 30_000 };
  const agent = new http.Agent(mode === 'single' ? {} : mode === 'queue' ? { ...pooled, maxSockets: 1 } : pooled);
  (agent as unknown as { createConnection: () => Duplex }).createConnection = () => dialSsh(endpoint);
  return agent;
}
