import { eventError, type ProgressEvent } from '../../domain/registry/layer-progress.js';

/** An `errorDetail` line in the middle of a progress stream: the operation failed. */
export class StreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamError';
  }
}

/**
 * Reads the engine's JSON progress lines until the stream ends; resolves with every event.
 * Rejects with StreamError on an `errorDetail` line (the engine still answers 200 then), and
 * with the signal's reason when it is aborted.
 */
export function followStream(
  stream: NodeJS.ReadableStream & { destroy?(): void; setEncoding?(e: BufferEncoding): unknown },
  signal: AbortSignal,
  onEvent: (event: ProgressEvent) => void,
): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    const events: ProgressEvent[] = [];
    let buffer = '';
    let settled = false;
    const finish = (err: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        stream.destroy?.();
        reject(err);
      } else resolve(events);
    };
    const onAbort = () => finish(signal.reason ?? new Error('aborted'));
    const line = (text: string) => {
      if (!text.trim() || settled) return;
      let event: ProgressEvent;
      try {
        event = JSON.parse(text) as ProgressEvent;
      } catch {
        return; // not JSON: the engine does not send such lines; skip rather than fail
      }
      events.push(event);
      const error = eventError(event);
      if (error !== null) return finish(new StreamError(error));
      onEvent(event);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.setEncoding?.('utf8'); // so a character split across chunks stays whole
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) line(l);
    });
    stream.on('end', () => {
      line(buffer);
      finish(null);
    });
    stream.on('error', (err: Error) => finish(signal.aborted ? signal.reason ?? err : err));
    stream.on('close', () => finish(signal.aborted ? signal.reason : new StreamError('the engine closed the progress stream before the end')));
  });
}
