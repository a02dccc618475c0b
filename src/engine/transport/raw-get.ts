// A GET whose answer is a long byte stream (an image export for the layer index), read off a
// plain unix socket: HTTP/1.0, so the engine sends the body as it is until it closes, with no
// chunked framing and no HTTP parser over each piece. On a 275 MB export from Docker 20.10: the
// first byte to the last 0.51–0.62 s against 0.71–0.79 s through node:http, at two thirds of
// the CPU. The end of such a body is the connection's end, so a cut answer looks whole: only
// readers that check what they read is complete use it (the layer index checks every layer of
// the manifest is there; a file taken out of a layer must end where its header says).
import net from 'node:net';
import type { Readable } from 'node:stream';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { apiError, engineMessage, unreachableFrom } from './errors.js';

const MAX_HEAD = 64 << 10;

/** The answer's body once its status is in (< 400), else the engine's error, as requestStream gives them. */
export function rawGet(endpoint: Extract<Endpoint, { kind: 'unix' }>, path: string, signal?: AbortSignal): Promise<Readable> {
  return new Promise<Readable>((resolve, reject) => {
    const sock = net.connect(endpoint.path);
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
    // paused mode until the headers are read; without this listener the socket flows again
    const onReadable = () => {
      for (let chunk: Buffer | null; !answered && (chunk = sock.read() as Buffer | null) !== null; ) {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (head.length > MAX_HEAD) fail(new Error('the engine sent no end of its headers'));
          continue;
        }
        sock.off('readable', onReadable);
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1', 0, Math.min(end, 100)))?.[1] ?? 0);
        const body = head.subarray(end + 4);
        if (status >= 200 && status < 400) {
          answered = true;
          if (body.length > 0) sock.unshift(body);
          return resolve(sock);
        }
        const parts = [body];
        sock.removeAllListeners('end');
        sock.on('data', (c: Buffer) => parts.push(c));
        sock.once('end', () => fail(apiError(endpoint, status, engineMessage(Buffer.concat(parts).toString('utf8'), status))));
        return;
      }
    };
    sock.on('readable', onReadable);
  });
}
