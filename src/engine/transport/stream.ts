// Every request that is not a pooled read (http.ts): operations (tag, remove, commit, pull, push,
// build, save, load, prune…), each on its own connection of the same lean transport, so a 1 GB
// archive or a long pull never holds a pooled socket or sits in memory. One error mapping
// (errors.ts), one cancellation model (an AbortSignal destroys the request and its answer) and
// one timeout policy: reads wait REQUEST_TIMEOUT_MS for the engine's headers, operations the
// engine works on run until done or cancelled, as the docker CLI's do.
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { apiError, EngineApiError, engineMessage, unreachableFrom } from './errors.js';
import { buildPath, REQUEST_TIMEOUT_MS, type Query } from './http.js';
import { readBody } from './read-body.js';
import { createTransport } from './transport.js';

export interface StreamRequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with its query already encoded. */
  path: string;
  headers?: Record<string, string>;
  /** Aborting destroys the request and its response. */
  signal?: AbortSignal;
}

export interface StreamRequest {
  /** Write a body into it (or end it). */
  req: ClientRequest;
  /** The response once its headers are in, for status < 400; else EngineApiError with the engine's message. */
  response: Promise<IncomingMessage>;
}

export async function streamRequest(endpoint: Endpoint, opts: StreamRequestOptions): Promise<StreamRequest> {
  let transport;
  try {
    transport = await createTransport(endpoint);
  } catch (err) {
    throw new Error(`cannot set up the connection to ${endpoint.url}: ${(err as Error).message}`);
  }
  const base = await transport.options(false).catch((err) => {
    transport.close();
    throw unreachableFrom(endpoint, err);
  });
  const req = transport.request({ ...base, method: opts.method, path: opts.path, headers: opts.headers });
  const onAbort = () => req.destroy(Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' }));
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  req.on('close', () => {
    opts.signal?.removeEventListener('abort', onAbort);
    transport.close();
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ABORT_ERR') reject(err);
      else reject(unreachableFrom(endpoint, err));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 500;
      if (status < 400) return resolve(res);
      readBody(res).then(
        (body) => reject(apiError(endpoint, status, engineMessage(body, status))),
        () => reject(new EngineApiError(status, `the engine answered HTTP ${status}`)),
      );
    });
  });
  // Callers that fail before awaiting the response must not leave a rejection unhandled.
  response.catch(() => {});
  return { req, response };
}


/** JSON lines of a progress stream (`{"status":…}`, `{"stream":…}`, `{"errorDetail":…}`). */
export async function* jsonLines(res: IncomingMessage): AsyncGenerator<Record<string, unknown>> {
  let buffer = '';
  res.setEncoding('utf8');
  for await (const chunk of res as AsyncIterable<string>) {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = parseLine(line);
      if (parsed) yield parsed;
    }
  }
  const last = parseLine(buffer);
  if (last) yield last;
}

function parseLine(line: string): Record<string, unknown> | null {
  if (!line.trim()) return null;
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}



export interface RequestOptions {
  query?: Query;
  /** An object is sent as JSON; a Buffer or a stream as it is (with `headers` saying its type). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** How long to wait for the headers: reads default to REQUEST_TIMEOUT_MS, operations (and null) wait until done. */
  timeoutMs?: number | null;
}

/** Sends a request with its body; resolves with the answer (status < 400) as a stream. */
export async function requestStream(endpoint: Endpoint, method: StreamRequestOptions['method'], path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
  const headers = { ...opts.headers };
  let body: Buffer | Readable | undefined;
  if (Buffer.isBuffer(opts.body) || isReadable(opts.body)) body = opts.body as Buffer | Readable;
  else if (opts.body !== undefined) {
    body = Buffer.from(JSON.stringify(opts.body));
    headers['Content-Type'] = 'application/json';
  }
  const { req, response } = await streamRequest(endpoint, { method, path: buildPath(path, opts.query), headers, signal: opts.signal });
  const timeoutMs = opts.timeoutMs === undefined ? (method === 'GET' ? REQUEST_TIMEOUT_MS : null) : opts.timeoutMs;
  const timer = timeoutMs === null ? undefined : setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
  try {
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    // the request's own error (a reset, the signal) rejects `response`: the body's pipe must not throw twice
    else void pipeline(body, req).catch(() => req.destroy());
    return await response;
  } finally {
    clearTimeout(timer);
  }
}

/** Sends a request and reads its whole answer as JSON (null for an empty answer). */
export async function requestJson<T>(endpoint: Endpoint, method: StreamRequestOptions['method'], path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await requestStream(endpoint, method, path, opts);
  const text = await readBody(res).catch((err) => {
    throw unreachableFrom(endpoint, err);
  });
  if (!text.trim()) return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new EngineApiError(res.statusCode ?? 200, `the engine sent bad JSON for ${path}`);
  }
}

function isReadable(v: unknown): v is Readable {
  return typeof v === 'object' && v !== null && typeof (v as Readable).pipe === 'function';
}
