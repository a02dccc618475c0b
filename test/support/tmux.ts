// Drives the real program in a detached tmux session for end-to-end tests.
// Every session lives on a tmux server private to this process (-S), started without any
// user config (-f /dev/null), so a developer's own tmux is never touched. The server is
// killed when the process exits, even if a test forgot to kill its session.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { testDockerHost, dockerConfigDir } from './engine.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const IMGSH_CMD = 'node bin/imgsh.js';

const socket = join(tmpdir(), `imgsh-test-tmux-${process.pid}`);
let counter = 0;
const stateDirs: string[] = [];

function killServer(): void {
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no server running
  }
  rmSync(socket, { force: true });
}

function newStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-test-state-'));
  stateDirs.push(dir);
  return dir;
}

export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function tmux(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tmux', ['-S', socket, '-f', '/dev/null', ...args], (err, stdout, stderr) => {
      if (err) reject(new Error(`tmux ${args.join(' ')} failed: ${String(stderr).trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

export interface StartOptions {
  cols?: number;
  rows?: number;
  /** Shell command run from the repo root; defaults to the built bundle. */
  cmd?: string;
  /** Added to the session's environment; DOCKER_HOST defaults to the test engine, XDG_STATE_HOME to a new folder. */
  env?: Record<string, string>;
  cwd?: string;
}

/** The terminal's echo and line modes after the program, e.g. `icanon,echo,` (`-echo` if left off). */
const TTY_MODES = `stty -a 2>/dev/null | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon)' | tr '\\n' ','`;

/**
 * Starts `cmd` in a new detached session and returns the session name. After the command
 * exits the pane prints `EXIT:<code> TTY:<echo and line modes>` on the normal screen and stays open for a minute.
 */
export async function startTmux(opts: StartOptions = {}): Promise<string> {
  const { cols = 120, rows = 40, cmd = IMGSH_CMD, cwd = REPO_ROOT } = opts;
  if (cmd === IMGSH_CMD && !existsSync(join(cwd, 'bin/imgsh.js'))) {
    throw new Error('bin/imgsh.js is missing: run `npm run build` (npm test does it for you)');
  }
  const env: Record<string, string> = {
    // the prompts' history of each session apart (and never the developer's own)
    XDG_STATE_HOME: newStateDir(),
    DOCKER_HOST: testDockerHost(),
    DOCKER_CONFIG: dockerConfigDir(),
    TERM: 'xterm-256color',
    ...opts.env,
  };
  if (counter === 0) process.once('exit', killServer);
  const name = `imgsh-${process.pid}-${++counter}`;
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const args = ['new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), '-c', cwd,
    ...envArgs, `(${cmd}); echo "EXIT:$? TTY:$(${TTY_MODES})"; sleep 60`];
  // When the previous test killed the server's last session, the server is on its way out and
  // a new-session sent to it in that moment fails with "server exited unexpectedly": try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await tmux(...args);
      return name;
    } catch (err) {
      if (attempt >= 5 || !/server exited unexpectedly/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** tmux key names ('Enter', 'Escape', 'C-c', 'Down', 'q', ...), sent in order. */
export async function sendKeys(session: string, ...keys: string[]): Promise<void> {
  await tmux('send-keys', '-t', session, ...keys);
}

/** Types text literally (no key-name lookup). */
export async function sendText(session: string, text: string): Promise<void> {
  await tmux('send-keys', '-t', session, '-l', text);
}

/** The visible screen as plain text (escapes: true keeps colours and attributes). */
export function capture(session: string, opts: { escapes?: boolean } = {}): Promise<string> {
  return tmux('capture-pane', '-p', ...(opts.escapes ? ['-e'] : []), '-t', session);
}

/** Reads a tmux format for the session's pane, e.g. '#{alternate_on}'. */
export async function paneInfo(session: string, format: string): Promise<string> {
  return (await tmux('display-message', '-p', '-t', session, format)).trim();
}

export async function resize(session: string, cols: number, rows: number): Promise<void> {
  await tmux('resize-window', '-t', session, '-x', String(cols), '-y', String(rows));
}

const matches = (screen: string, pattern: string | RegExp) => (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen));

/**
 * A frame of several kB reaches tmux in pieces, and a capture can fall between them (half new
 * frame, half old): returns the screen once two captures 30 ms apart agree, or the last that
 * matched if the pattern goes away or the screen keeps moving (a spinner).
 */
async function settled(session: string, pattern: string | RegExp, screen: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 30));
    const next = await capture(session);
    if (next === screen || !matches(next, pattern)) return screen;
    screen = next;
  }
  return screen;
}

/** Polls the screen every 50 ms until it matches; returns that screen (settled), or throws with the last one. */
export async function waitFor(session: string, pattern: string | RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  for (;;) {
    screen = await capture(session);
    if (matches(screen, pattern)) return settled(session, pattern, screen);
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`waitFor ${String(pattern)}: not on screen after ${timeoutMs} ms. Last screen:\n${screen}`);
}

/** Polls the screen every 50 ms until it no longer matches; returns that screen, or throws with the last one. */
export async function waitForNot(session: string, pattern: string | RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  for (;;) {
    screen = await capture(session);
    if (!matches(screen, pattern)) return screen;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`waitForNot ${String(pattern)}: still on screen after ${timeoutMs} ms. Last screen:\n${screen}`);
}

/** Waits for the program to end and returns its exit code. */
export async function waitForExit(session: string, timeoutMs = 5000): Promise<number> {
  const screen = await waitFor(session, /EXIT:\d+/, timeoutMs);
  return Number(/EXIT:(\d+)/.exec(screen)![1]);
}

/**
 * After the program exited: throws unless the exit code matches and the terminal is back to
 * normal (alternate screen left, cursor visible, mouse reporting off, echo and line mode on). Returns the screen.
 */
export async function assertRestored(session: string, exitCode = 0, timeoutMs = 5000): Promise<string> {
  const code = await waitForExit(session, timeoutMs);
  const state = await paneInfo(session, '#{alternate_on} #{cursor_flag} #{mouse_any_flag}');
  const screen = await capture(session);
  const problems = [];
  if (code !== exitCode) problems.push(`exit code ${code}, expected ${exitCode}`);
  const [alt, cursor, mouse] = state.split(' ');
  if (alt !== '0') problems.push('still on the alternate screen');
  if (cursor !== '1') problems.push('cursor hidden');
  if (mouse !== '0') problems.push('mouse reporting left on');
  const modes = /TTY:(\S*)/.exec(screen)?.[1].split(',').filter(Boolean) ?? [];
  if (!modes.includes('echo')) problems.push(`echo left off (${modes.join(' ')})`);
  if (!modes.includes('icanon')) problems.push(`line mode left off (raw: ${modes.join(' ')})`);
  if (problems.length) throw new Error(`terminal not restored: ${problems.join('; ')}. Screen:\n${screen}`);
  return screen;
}

export async function kill(session: string): Promise<void> {
  await tmux('kill-session', '-t', session).catch(() => {});
}

/** PID of the pane's shell (the `sh -c` that runs the command). */
export async function panePid(session: string): Promise<number> {
  return Number(await paneInfo(session, '#{pane_pid}'));
}

/** All descendants of `pid` (children first, then theirs), from `pgrep -P`. */
export function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  const kids = out.split('\n').filter(Boolean).map(Number);
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** The command line of a process, or null once it is gone. */
export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers kill(0): it has exited, only its parent has not reaped it.
  try {
    return !/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The argument vector of a process, or null once it is gone. */
export function argv(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * PID of the program in the session: the descendant of the pane's shell with an argument equal
 * to (or a path ending in) `script`, e.g. node's `bin/imgsh.js`. The pane's `sh -c "…"` and its
 * subshells only contain it inside a longer argument, so they never match.
 */
export async function programPid(session: string, script = 'bin/imgsh.js', timeoutMs = 5000): Promise<number> {
  const root = await panePid(session);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = descendants(root).find((pid) => argv(pid)?.some((a) => a === script || a.endsWith(`/${script}`)));
    if (hit) return hit;
    if (Date.now() >= deadline) throw new Error(`no process running ${script} under pane pid ${root}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until the process is gone; throws with its command line if it is still there after `timeoutMs`. */
export async function waitForProcessGone(pid: number, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() >= deadline) throw new Error(`process ${pid} (${commandLine(pid)}) still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Lines of a Node stack trace (`    at fn (file:1:2)`) or an uncaught-error banner, if any are on screen. */
export function stackTraceLines(screen: string): string[] {
  return screen
    .split('\n')
    .filter((l) => /\bat (?:.* \()?(?:file:\/\/|node:|\/)\S*:\d+:\d+/.test(l) || /\b(?:Uncaught|Unhandled)\w* ?\w*(?:Error|Rejection|Exception)/.test(l));
}
