import type { Endpoint } from '../../domain/connection/endpoint.js';
import { apiError, EngineApiError, EngineUnreachableError, unreachableFrom } from './errors.js';

// How image operations fail: cancelled, a registry problem explained, or an engine error
// (dockerode's errors turned into the ones the rest of imgsh knows).

/** The user cancelled (the signal was aborted); the message is what the command prints. */
export class CancelledError extends Error {
  constructor(what: string) {
    super(`${what} cancelled`);
    this.name = 'CancelledError';
  }
}

/** A registry failure, explained (not found, unauthorized, unreachable…). */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** docker-modem says `(HTTP code 404) no such image - MESSAGE `: keep MESSAGE. */
export function dockerodeMessage(err: unknown): string {
  const e = err as { json?: { message?: unknown }; message?: string };
  if (e?.json && typeof e.json.message === 'string') return e.json.message;
  const text = String(e?.message ?? err);
  const m = /^\(HTTP code \d+\) [^-]*- ([\s\S]*?)\s*$/.exec(text);
  return m ? m[1] : text.trim();
}

/** EngineUnreachableError when the engine was not reached, else EngineApiError with its status and message. */
export function engineError(endpoint: Endpoint, err: unknown): Error {
  if (err instanceof EngineApiError || err instanceof EngineUnreachableError) return err;
  const e = err as { statusCode?: number; code?: string };
  if (typeof e?.statusCode === 'number') return apiError(endpoint, e.statusCode, dockerodeMessage(err));
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) return unreachableFrom(endpoint, e);
  return new EngineApiError(500, dockerodeMessage(err));
}
