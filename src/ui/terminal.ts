/** Terminal modes for the full-screen app. Ink 6 has no alternate-screen or bracketed-paste option, so they are done here. */

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
// Pastes arrive between markers, so the app can take them as text (src/ui/key-router.tsx).
const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';
const SHOW_CURSOR = '\x1b[?25h';
// Clicks and the wheel (src/ui/mouse.ts); `"mouse": false` in config.json leaves the terminal's own selection.
const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
const MOUSE_OFF = '\x1b[?1006l\x1b[?1000l';

export interface FullScreen {
  /** Back to the main screen with the cursor shown and bracketed paste off; safe to call more than once. */
  leave(): void;
}

function write(stream: NodeJS.WritableStream, text: string): void {
  try {
    stream.write(text);
  } catch {
    // The terminal may be gone (SSH link dropped): nothing left to restore.
  }
}

/**
 * Switches `stdout` to the alternate screen, with bracketed paste. Leaving is also hooked to process `exit`, so a
 * `process.exit()` from anywhere still gives the user their shell screen back.
 */
export function enterFullScreen(stdout: NodeJS.WriteStream, opts: { mouse?: boolean } = {}): FullScreen {
  if (!stdout.isTTY) return { leave() {} };
  write(stdout, ENTER_ALT_SCREEN + BRACKETED_PASTE_ON + (opts.mouse ? MOUSE_ON : ''));
  let active = true;
  const leave = () => {
    if (!active) return;
    active = false;
    process.off('exit', leave);
    // mouse reporting off whether or not it was on: a terminal left reporting is unusable
    write(stdout, MOUSE_OFF + BRACKETED_PASTE_OFF + LEAVE_ALT_SCREEN + SHOW_CURSOR);
  };
  process.on('exit', leave);
  return { leave };
}

/** Exit codes for the signals that end the app: 128 + the signal number, as shells report them. */
export const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type EndSignal = keyof typeof SIGNAL_CODES;

/** Calls `handler` on SIGTERM, SIGHUP (the SSH link dropped) and SIGINT; returns the unhook. */
export function onEndSignals(handler: (signal: EndSignal) => void): () => void {
  const signals = Object.keys(SIGNAL_CODES) as EndSignal[];
  const listeners = signals.map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => listeners.forEach(([signal, listener]) => process.off(signal, listener));
}

/** Calls `handler` on an uncaught exception or unhandled rejection; returns the unhook. */
export function onFatalError(handler: (error: unknown) => void): () => void {
  process.on('uncaughtException', handler);
  process.on('unhandledRejection', handler);
  return () => {
    process.off('uncaughtException', handler);
    process.off('unhandledRejection', handler);
  };
}

/** One line for stderr: the message, never a stack. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'unexpected error';
}
