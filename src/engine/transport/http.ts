import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { createChannel, type Channel } from './channel.js';
import { apiError, EngineApiError, engineMessage, unreachableFrom } from './errors.js';
import { readBody } from './read-body.js';
import { createTransport, type Transport } from './transport.js';
import type { Cancellable } from './channel.js';

export type Query = Record<string, string | number | boolean | object | undefined>;

export interface HttpClient {
  /** GET a JSON document; rejects with EngineUnreachableError / EngineApiError. */
  /** `own`: on a connection of its own, not a pooled one (a slow request must not hold up others). */
  getJson<T>(path: string, query?: Query, opts?: { own?: boolean }): Promise<T>;
  /** GET a document as the engine wrote it (docker's inspect prints the engine's own bytes). */
  getText(path: string, query?: Query): Promise<string>;
  /**
   * GET a stream of JSON lines. Starts at once. Iteration throws if the engine cannot be
   * reached or answers an error status, and ends when the stream is closed or the link drops.
   */
  getLines(path: string, query?: Query): Cancellable<unknown>;
  close(): void;
}

/**
 * An image reference as a path segment, escaped the way the docker CLI's Go URL does it:
 * `/`, `:` and `@` stay (`127.0.0.1:5000/a/b:tag`, `repo@sha256:…`), anything odd is escaped.
 */
export function refPath(ref: string): string {
  if (!ref) throw new Error('empty image reference');
  return encodeURIComponent(ref).replace(/%(2F|3A|40)/gi, (m) => decodeURIComponent(m));
}

export const REQUEST_TIMEOUT_MS = 15_000;

class Timeout extends Error {
  code = 'ETIMEDOUT';
}

export function buildPath(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    // a list of strings is the key repeated (`t=a&t=b`); any other object goes as JSON (filters, buildargs)
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) for (const x of v) params.append(k, x);
    else params.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function createHttpClient(endpoint: Endpoint, timeoutMs = REQUEST_TIMEOUT_MS): HttpClient {
  let transport: Promise<Transport> | null = null;
  let shut = false;
  const getTransport = () => (transport ??= createTransport(endpoint));
  const unreachable = (err: unknown) => unreachableFrom(endpoint, err);

  /** Sends a GET; resolves with the response once its headers arrive (status < 400 only). */
  async function open(path: string, pooled: boolean, onRequest: (req: ClientRequest) => void) {
    let t: Transport;
    try {
      t = await getTransport();
    } catch (err) {
      // unreadable TLS files or a missing ssh module: not the engine's fault
      throw new Error(`cannot set up the connection to ${endpoint.url}: ${(err as Error).message}`);
    }
    // a forwarded ssh socket logs in here: its failure is ssh's, said as such
    const options = { ...(await t.options(pooled).catch((err) => Promise.reject(unreachable(err)))), method: 'GET', path };
    // closed meanwhile: a request sent now would open a connection (an ssh login) no one ends
    if (shut) throw new Error(`the connection to ${endpoint.url} was closed`);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = t.request(options);
      onRequest(req);
      req.on('error', (err) => reject(unreachable(err)));
      req.on('response', (res) => {
        if ((res.statusCode ?? 500) < 400) return resolve(res);
        readBody(res).then(
          (body) => reject(apiError(endpoint, res.statusCode ?? 500, engineMessage(body, res.statusCode))),
          (err) => reject(unreachable(err)),
        );
      });
      req.end();
    });
  }

  async function getText(path: string, query?: Query, opts: { own?: boolean } = {}): Promise<string> {
    let req: ClientRequest | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req?.destroy(new Timeout('timed out'));
    }, timeoutMs);
    try {
      const res = await open(buildPath(path, query), !opts.own, (r) => (req = r));
      return await readBody(res).catch((err) => {
        throw unreachable(err);
      });
    } catch (err) {
      // a timeout during the body shows up as a plain reset
      if (timedOut) throw unreachable(new Timeout('timed out'));
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async function getJson<T>(path: string, query?: Query, opts: { own?: boolean } = {}): Promise<T> {
    const body = await getText(path, query, opts);
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new EngineApiError(200, `the engine sent bad JSON for ${path}`);
    }
  }

  function getLines(path: string, query?: Query): Cancellable<unknown> {
    let req: ClientRequest | undefined;
    let closed = false;
    // only until the headers come; the stream itself may stay quiet for hours
    const timer = setTimeout(() => req?.destroy(new Timeout('timed out')), timeoutMs);
    const channel = createChannel<unknown>(() => {
      closed = true;
      clearTimeout(timer);
      req?.destroy();
    });
    open(buildPath(path, query), false, (r) => {
      req = r;
      if (closed) r.destroy();
    }).then(
      (res) => {
        clearTimeout(timer);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) pushLine(channel, line);
        });
        res.on('end', () => pushLine(channel, buffer));
        res.on('error', () => channel.end());
        res.on('close', () => channel.end());
      },
      (err: Error) => {
        clearTimeout(timer);
        channel.end(closed ? undefined : err);
      },
    );
    return channel.stream;
  }

  return {
    getJson,
    getText,
    getLines,
    close() {
      shut = true;
      void transport?.then((t) => t.close(), () => {});
    },
  };
}

function pushLine(channel: Channel<unknown>, line: string) {
  if (!line.trim()) return;
  try {
    channel.push(JSON.parse(line));
  } catch {
    // a torn or non-JSON line: skip it
  }
}
