// Requests whose bodies are streams (save, load, prune), on the same lean transport as http.ts,
// each on its own connection: a 1 GB archive must not hold a pooled socket or sit in memory.
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Endpoint } from '../domain/endpoint.js';
import { apiError, EngineApiError, unreachableFrom } from './errors.js';
import { readBody } from './read-body.js';
import { createTransport } from './transport.js';

export interface StreamRequestOptions {
  method: 'GET' | 'POST';
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

export function engineMessage(body: string, status?: number): string {
  try {
    const msg = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof msg === 'string' && msg) return msg;
  } catch {
    // not JSON: fall through
  }
  return body.trim() || `the engine answered HTTP ${status ?? '?'}`;
}

/** `?names=a&names=b` and friends: repeated keys, which http.ts's buildPath cannot make. */
export function queryString(params: [string, string][]): string {
  const q = new URLSearchParams(params).toString();
  return q ? `?${q}` : '';
}
