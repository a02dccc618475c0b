// The built program (`node bin/imgsh.js`), run as a one-shot command against the test engine.
import { spawn, type StdioOptions } from 'node:child_process';
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
