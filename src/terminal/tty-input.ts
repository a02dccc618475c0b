import type { StdioOptions } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';

/**
 * A paused stream still reads: Node keeps the terminal's handle reading and buffers what it gets
 * (up to 16 KB), so keys meant for a child on the same terminal (a shell, an editor) would be
 * taken by this process now and then. These stop and restart the handle itself, as net.Socket's
 * own pause does for its buffered mode.
 */
interface TtyHandle {
  reading?: boolean;
  readStop?(): number;
  readStart?(): number;
}

const handleOf = (input: NodeJS.ReadStream) => (input as unknown as { _handle?: TtyHandle })._handle;

/** Stops reading the terminal: from now on every key goes to whoever else reads it. */
export function stopReading(input: NodeJS.ReadStream): void {
  input.pause();
  const handle = handleOf(input);
  if (handle?.reading && handle.readStop) {
    handle.reading = false;
    handle.readStop();
  }
}

/** Reads the terminal again (a listener added after stopReading would otherwise never get data). */
export function startReading(input: NodeJS.ReadStream): void {
  const handle = handleOf(input);
  if (handle && !handle.reading && handle.readStart) {
    handle.reading = true;
    handle.readStart();
  }
}

/**
 * Throws away what the terminal holds unread: keys typed while a child (a shell, an editor) ran
 * and ended before it read them were the child's, never the app's. Exact where a time window is
 * not: what is typed after this call is kept. Call it in raw mode, or a half-typed line stays
 * behind the line discipline and turns up as keys later.
 */
export function discardTypedAhead(input: NodeJS.ReadStream = process.stdin): void {
  if (!input.isTTY) return;
  let fd: number;
  try {
    fd = openSync('/dev/tty', constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return;
  }
  const buffer = Buffer.alloc(4096);
  try {
    while (readSync(fd, buffer) > 0);
  } catch {
    // EAGAIN: nothing more is waiting
  } finally {
    closeSync(fd);
  }
}

/**
 * Stdio for a child that takes over the terminal (a shell, an editor). Its stdin is the terminal
 * opened afresh, not this process's: Node's stdin is non-blocking, and a child sharing it turns
 * that off (sh's `read` does, on EAGAIN), after which Node's next read of the terminal blocks the
 * whole process. `close` after the child ends. Not a terminal: plain inheritance.
 */
export function childStdio(input: NodeJS.ReadStream = process.stdin): { stdio: StdioOptions; close(): void } {
  if (!input.isTTY) return { stdio: 'inherit', close() {} };
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return { stdio: 'inherit', close() {} };
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return { stdio: [fd, 'inherit', 'inherit'], close };
}
