import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLines, SshDialError, type SshEndpoint } from './ssh-dial.js';

export type ForwardEndpoint = SshEndpoint & { socket: string };

/**
 * `ssh://host/path/docker.sock`: one ssh login forwards the remote socket to a private local one
 * (`ssh -N -L`), and every connection is a plain unix-socket connection carried as an ssh channel.
 * No remote command runs, so the remote user's shell and its rc files are never started (root's
 * .bashrc here costs ~100 ms per session: dial-stdio pays it on every login).
 *
 * ssh runs under a small sh that ends it when our end of its stdin closes, so a killed imgsh
 * (SIGKILL included) leaves no login behind; the sh also removes the socket's folder.
 */
const GUARD = `d=$1; shift
exec 3<&0
ssh "$@" </dev/null &
p=$!
trap 'kill $p 2>/dev/null' TERM HUP INT
{ while read -r _ <&3; do :; done; kill $p 2>/dev/null; } &
w=$!
wait $p; s=$?
kill -0 $p 2>/dev/null && { wait $p; s=$?; }
kill $w 2>/dev/null
rm -rf "$d"
exit $s`;

interface Forward {
  ready: Promise<string>;
  /** Short requests queue on one connection: see pooledAgent. */
  agent: http.Agent;
  child: ChildProcess;
  dir: string;
  users: number;
  /** Ends a login still under way (its poll would keep the process alive). */
  cancel(): void;
}

const forwards = new Map<string, Forward>();
let stopsOnExit = false;
const READY_TIMEOUT_MS = 35_000;

export function forwardArgs(endpoint: ForwardEndpoint, local: string): string[] {
  const args = ['-o', 'ConnectTimeout=30', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes'];
  // the user's ControlMaster settings would make this a mux client that hands the forward over and leaves
  args.push('-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-N', '-T', '-L', `${local}:${endpoint.socket}`);
  if (endpoint.user) args.push('-l', endpoint.user);
  if (endpoint.port) args.push('-p', String(endpoint.port));
  return [...args, '--', endpoint.host];
}

const forwardFor = (endpoint: ForwardEndpoint) => forwards.get(endpoint.url) ?? startForward(endpoint);

/** The local socket that reaches the remote engine; the first call logs in. Rejects with SshDialError. */
export function forwardedSocket(endpoint: ForwardEndpoint): Promise<string> {
  return forwardFor(endpoint).ready;
}

/**
 * The keep-alive agent for short requests, one connection at a time (the ping's, kept). sshd sets
 * no TCP_NODELAY on forwarded channels: small answers on parallel connections each waited for
 * the client's delayed ACK (list + counts + version 47 ms after the ping); queued on one
 * connection they took 10 ms (measured here).
 */
export function pooledAgent(endpoint: ForwardEndpoint): http.Agent {
  return forwardFor(endpoint).agent;
}

/** A transport holds the forward while it lives; the last one to close ends the login. */
export function holdForward(endpoint: ForwardEndpoint): () => void {
  const f = forwardFor(endpoint);
  f.users++;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--f.users <= 0 && forwards.get(endpoint.url) === f) stop(endpoint.url, f);
  };
}

function startForward(endpoint: ForwardEndpoint): Forward {
  if (!stopsOnExit) process.once('exit', stopAll);
  stopsOnExit = true;
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fwd-'));
  const local = join(dir, 'docker.sock');
  // its own process group: a Ctrl-C meant for a shell we hand the terminal to must not reach ssh
  const child = spawn('sh', ['-c', GUARD, 'imgsh-ssh-forward', dir, ...forwardArgs(endpoint, local)], {
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString();
  });
  child.stdin!.on('error', () => {});
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const f: Forward = { child, dir, users: 0, ready: Promise.resolve(local), agent, cancel: () => {} };
  f.ready = new Promise<string>((resolve, reject) => {
    const startedAt = Date.now();
    const fail = (said: string) => {
      clearInterval(poll);
      reject(new SshDialError(said)); // first: stop() would reject with its own words
      if (forwards.get(endpoint.url) === f) stop(endpoint.url, f);
    };
    f.cancel = () => {
      clearInterval(poll);
      reject(new SshDialError('the connection was closed while ssh logged in'));
    };
    const poll = setInterval(() => {
      if (existsSync(local)) {
        clearInterval(poll);
        // the remote socket is only tried per connection: one ping says now whether it is there
        ping(local, f.agent).then(() => resolve(local), () => setTimeout(() => fail(lastLines(stderr) || 'the forwarded engine socket did not answer'), 30));
      } else if (Date.now() - startedAt > READY_TIMEOUT_MS) fail('ssh did not log in within 35 s');
    }, 5);
    child.on('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ENOENT' ? 'ssh: command not found' : err.message));
    child.on('close', (code) => {
      fail(lastLines(stderr) || (code === 127 ? 'ssh: command not found' : `ssh exited (${code})`));
    });
  });
  f.ready.catch(() => {});
  // idle, the forward does not keep the process alive; requests in flight do (their sockets)
  child.unref();
  for (const p of [child.stdin, child.stderr] as unknown as { unref?(): void }[]) p?.unref?.();
  forwards.set(endpoint.url, f);
  return f;
}

function ping(socketPath: string, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: '/_ping', agent, servername: '' } as http.RequestOptions, (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function stop(url: string, f: Forward) {
  forwards.delete(url);
  f.cancel();
  f.agent.destroy();
  try {
    if (f.child.pid) process.kill(-f.child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(f.dir, { recursive: true, force: true });
}

function stopAll() {
  for (const [url, f] of [...forwards]) stop(url, f);
}
