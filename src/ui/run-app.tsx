import { render, type Instance } from 'ink';
import type { AppServices } from '../shell/services.js';
import { discardTypedAhead, startReading, stopReading } from '../terminal/tty-input.js';
import { App } from './app.js';
import { withoutResizeEvents } from './resize-once.js';
import { enterFullScreen, type FullScreen, oneLine, onEndSignals, onFatalError, SIGNAL_CODES } from './terminal.js';

export interface RunAppOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /**
   * Rewrite only the lines that changed (~10× fewer bytes per key over SSH). Safe only in the
   * bundle, which fixes Ink 6.8's incremental renderer (scripts/ink-incremental-fix.mjs).
   */
  incremental?: boolean;
  /** xterm mouse reporting: clicks select, the wheel scrolls (config.json `"mouse": false` turns it off). */
  mouse?: boolean;
  /** The alternate screen a first frame drawn before the app entered (src/first-frame.ts): taken over, not entered again. */
  screen?: FullScreen;
  /** The size `screen`'s frame was drawn at: resized since, it is cleared before the app draws (Ink draws over what it does not know). */
  drawnAt?: { columns: number; rows: number };
}

let suspender: (<T>(fn: () => Promise<T>) => Promise<T>) | null = null;

/**
 * Gives the real terminal to `fn` (an interactive shell): Ink unmounts, the alternate screen
 * is left; afterwards the app comes back where it was (its state lives in the store).
 */
export function suspendApp<T>(fn: () => Promise<T>): Promise<T> {
  return suspender ? suspender(fn) : fn();
}

/**
 * After a signal the caller gets this long to clean up (a running job cancelled: a save's partial
 * file, a build step's container; the debugger's containers) before the process exits anyway.
 */
const SIGNAL_GRACE_MS = 3000;

/**
 * Runs the full-screen app until it quits. Resolves with the exit code: 0 after quit, 128+n
 * after a signal, 1 after a render error. The terminal is restored on every path; an uncaught
 * exception or unhandled rejection restores it, prints one line and exits 1.
 */
export async function runApp(services: AppServices, opts: RunAppOptions = {}): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const stderr = opts.stderr ?? process.stderr;
  const { store } = services;

  const syncSize = () => {
    if (stdout.columns && stdout.rows) store.dispatch({ type: 'resize', columns: stdout.columns, rows: stdout.rows });
  };
  syncSize();
  let screen = opts.screen ?? enterFullScreen(stdout, { mouse: opts.mouse ?? true });
  if (opts.drawnAt && (opts.drawnAt.columns !== stdout.columns || opts.drawnAt.rows !== stdout.rows)) stdout.write('\x1b[2J\x1b[H');
  // Raw mode before the first frame, not after it as Ink sets it: a Ctrl-C pressed as the frame
  // shows is the keymap's quit, not a signal (the early frame, src/first-frame.ts, does the same).
  if (stdin.isTTY) stdin.setRawMode(true);

  return new Promise<number>((resolve) => {
    const unhooks: (() => void)[] = [];
    let instance: Instance | null = null;
    let done = false;
    let suspended = false;

    const finish = (code: number, error?: unknown) => {
      if (done) return;
      done = true;
      suspender = null;
      unhooks.forEach((unhook) => unhook());
      try {
        instance?.unmount();
      } catch {
        // Unmounting a broken tree may throw; the terminal still has to be restored.
      }
      screen.leave();
      if (error !== undefined) stderr.write(`imgsh: ${oneLine(error)}\n`);
      resolve(code);
    };

    // one frame per resize: the store's size redraws, Ink does not hear the event (resize-once.ts)
    const inkStdout = withoutResizeEvents(stdout);
    stdout.on('resize', syncSize);
    unhooks.push(() => stdout.off('resize', syncSize));
    let signalled: number | null = null;
    // Kept after finish once a signal came: Ink's signal-exit re-raises a signal whose other
    // listeners are gone, which would kill the process before the caller's clean-up runs.
    const unhookSignals = onEndSignals((signal) => {
      // a second signal: no more waiting
      if (signalled !== null) process.exit(signalled);
      const code = (signalled = SIGNAL_CODES[signal]);
      // After SIGHUP the terminal is gone: late write errors must not turn into crashes.
      stdout.on('error', () => {});
      stderr.on('error', () => {});
      finish(code);
      setTimeout(() => process.exit(code), SIGNAL_GRACE_MS).unref();
    });
    unhooks.push(() => signalled === null && unhookSignals());
    unhooks.push(
      onFatalError((error) => {
        finish(1, error);
        process.exit(1);
      }),
    );
    // Quit is seen after the dispatch that set it, outside Ink's input handler.
    unhooks.push(store.subscribe(() => store.getState().quitting && setImmediate(() => finish(0))));

    const mount = () => {
      const ink = render(<App services={services} />, {
        stdout: inkStdout,
        stdin,
        stderr,
        exitOnCtrlC: false,
        incrementalRendering: opts.incremental ?? false,
      });
      ink.waitUntilExit().then(
        () => suspended || finish(0),
        (error: unknown) => finish(1, error),
      );
      return ink;
    };
    suspender = async (fn) => {
      suspended = true;
      store.dispatch({ type: 'handover', active: true });
      instance?.unmount();
      // else this process goes on reading the terminal and steals the child's first keys
      stopReading(stdin);
      // Ink turns raw mode off in an effect's clean-up, which may run late: a child that reads
      // lines (an editor's prompt, sh's read) would get \r and wait for a newline
      if (stdin.isTTY) stdin.setRawMode(false);
      screen.leave();
      try {
        return await fn();
      } finally {
        // one turn of the loop first, else Ink comes back deaf to keys
        await new Promise((r) => setImmediate(r));
        suspended = false;
        if (!done) {
          syncSize();
          screen = enterFullScreen(stdout, { mouse: opts.mouse ?? true });
          // keys typed as the child ended were meant for it; from here on they are the app's
          if (stdin.isTTY) stdin.setRawMode(true);
          discardTypedAhead(stdin);
          startReading(stdin);
          instance = mount();
        }
        store.dispatch({ type: 'handover', active: false });
      }
    };
    instance = mount();
    if (store.getState().quitting) finish(0);
  });
}
