// A GET whose answer is a long byte stream (an image export for the layer index), read off a
// plain unix socket: HTTP/1.0, so the engine sends the body as it is until it closes, with no
// chunked framing and no HTTP parser over each piece. And read into one buffer, reused: a fresh
// 64 KB buffer per read cost more than the reading (the kernel zeroing new pages). A 300 MB
// export from Docker 20.10, first byte to last, nothing done with it: 0.26–0.34 s so, 0.63–0.75 s
// with a buffer per read (and 0.7–0.8 s through node:http); curl 0.28–0.45 s.
// The end of such a body is the connection's end, so a cut answer looks whole: only readers that
// check what they read is complete use it (the layer index checks every layer of the manifest is
// there; a file taken out of a layer must end where its header says).
import net from 'node:net';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import type { ChunkSource, ChunkTaker } from './chunk-source.js';
import { apiError, engineMessage, unreachableFrom } from './errors.js';

const MAX_HEAD = 64 << 10;
const READ_BUFFER = 1 << 20;

/** The answer's body once its status is in (< 400), its chunks borrowed; else the engine's error, as requestStream gives them. */
export function rawGet(endpoint: Extract<Endpoint, { kind: 'unix' }>, path: string, signal?: AbortSignal): Promise<ChunkSource> {
  return new Promise<ChunkSource>((resolve, reject) => {
    // what the socket's reads go to; false pauses the socket
    let onChunk: (b: Buffer) => boolean = () => false;
    const buffer = Buffer.allocUnsafe(READ_BUFFER);
    const sock = net.connect({ path: endpoint.path, onread: { buffer, callback: (n: number) => onChunk(buffer.subarray(0, n)) } });
    let head: Buffer = Buffer.alloc(0);
    let answered = false;
    const fail = (e: Error) => {
      if (answered) return;
      answered = true;
      sock.destroy();
      reject(e);
    };
    const onAbort = () => {
      const e = Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' });
      if (answered) sock.destroy(e);
      else fail(e);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('close', () => signal?.removeEventListener('abort', onAbort));
    sock.once('connect', () => sock.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: imgsh\r\n\r\n`));
    sock.on('error', (e) => fail(unreachableFrom(endpoint, e)));
    sock.once('end', () => fail(unreachableFrom(endpoint, { code: 'ECONNRESET' })));
    onChunk = (chunk) => {
      if (answered) return false;
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD) fail(new Error('the engine sent no end of its headers'));
        return true;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1', 0, Math.min(end, 100)))?.[1] ?? 0);
      const first = head.subarray(end + 4);
      if (status >= 200 && status < 400) {
        answered = true;
        resolve(borrowedBody(sock, first, (take) => (onChunk = take)));
        // paused until the body's reader comes
        return false;
      }
      const parts = [first];
      onChunk = (b) => (parts.push(Buffer.from(b)), true);
      sock.removeAllListeners('end');
      sock.once('end', () => fail(apiError(endpoint, status, engineMessage(Buffer.concat(parts).toString('utf8'), status))));
      return true;
    };
  });
}

/** The body of a paused socket whose reads go where `route` sends them; `first`: the body's bytes that came with the headers. */
function borrowedBody(sock: net.Socket, first: Buffer, route: (onChunk: (b: Buffer) => boolean) => void): ChunkSource {
  return {
    borrowed: true,
    destroy: (e) => sock.destroy(e),
    each: (take: ChunkTaker) =>
      new Promise<void>((resolve, reject) => {
        let done = false;
        const finish = (e?: unknown) => {
          if (done) return;
          done = true;
          route(() => false);
          if (e) reject(e);
          else resolve();
        };
        const give = (chunk: Buffer): boolean => {
          let next: ReturnType<ChunkTaker>;
          try {
            next = take(chunk);
          } catch (e) {
            finish(e);
            return false;
          }
          if (next === 'stop') {
            finish();
            return false;
          }
          if (!next) return true;
          next.then(() => void (done || sock.resume()), finish);
          return false;
        };
        route((b) => !done && give(b));
        sock.once('end', () => finish());
        sock.once('error', finish);
        sock.once('close', () => finish(sock.readableEnded ? undefined : new Error('the stream closed early')));
        if (sock.destroyed) return finish(new Error('the stream closed early'));
        if (first.length === 0 || give(first)) sock.resume();
      }),
  };
}
