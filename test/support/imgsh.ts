// The built program (`node bin/imgsh.js`), run as a one-shot command against the test engine.
import { spawn, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from './engine.js';
import { REPO_ROOT } from './tmux.js';

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** stdin: text (written, then closed), or a file descriptor to read from. Never a TTY. */
  input?: string | number;
  /** stdout to a file descriptor instead of a pipe. */
  stdoutFd?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function runImgsh(args: string[], opts: RunOptions = {}): Promise<Result> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = [typeof opts.input === 'number' ? opts.input : 'pipe', opts.stdoutFd ?? 'pipe', 'pipe'];
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/imgsh.js'), ...args], {
      cwd: REPO_ROOT,
      env: testEnv({ NO_COLOR: '1', ...opts.env }),
      stdio,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`imgsh ${args.join(' ')}: still running after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // the program may exit before reading everything
      child.stdin.end(typeof opts.input === 'string' ? opts.input : '');
    }
  });
}

/** The program started and left running, for a test that acts while it works (a signal, its engine killed). */
export interface RunningImgsh {
  pid: number;
  /** Bytes it has read so far, files and sockets alike (`rchar` of /proc/PID/io). */
  bytesRead(): number;
  /** Whether it has a socket open: one-shot commands connect on first use, after their signal handlers are on. */
  connected(): boolean;
  /** Resolves with its exit code (null after a signal it did not handle) and what it printed on stderr. */
  done: Promise<{ code: number | null; stderr: string }>;
  running(): boolean;
  kill(signal: NodeJS.Signals): void;
}

export function startImgsh(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): RunningImgsh {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/imgsh.js'), ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: testEnv({ NO_COLOR: '1', ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.resume();
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return {
    pid: child.pid!,
    bytesRead: () => Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${child.pid}/io`, 'utf8'))?.[1] ?? 0),
    connected: () => {
      try {
        // past stdio, which Node's spawn hands over as sockets too
        return readdirSync(`/proc/${child.pid}/fd`).some((fd) => Number(fd) > 2 && safeReadlink(`/proc/${child.pid}/fd/${fd}`).startsWith('socket:'));
      } catch {
        return false;
      }
    },
    done,
    running: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => child.kill(signal),
  };
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
