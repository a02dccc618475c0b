import { startReading, stopReading } from '../terminal/tty-input.js';

/** Keys that were in the terminal's buffer before this long after listening are dropped as typed ahead. */
const FLUSH_MS = 40;

/**
 * Reads one fresh keypress from a terminal: what was typed before the question (keys typed
 * ahead during a build, or while a shell was closing) is dropped, never taken as the answer.
 * Raw mode is on only while it waits.
 */
export function readFreshKey(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve) => {
    const since = Date.now();
    const onData = (chunk: Buffer | string) => {
      if (Date.now() - since < FLUSH_MS) return;
      input.off('data', onData);
      input.setRawMode?.(false);
      stopReading(input);
      resolve(String(chunk));
    };
    input.setRawMode?.(true);
    input.on('data', onData);
    startReading(input);
    input.resume();
  });
}
