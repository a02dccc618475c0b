import type { Endpoint } from '../../domain/connection/endpoint.js';
import { LayerProgress, type ProgressEvent } from '../../domain/registry/layer-progress.js';
import { registryErrorMessage } from '../../domain/registry/registry-errors.js';
import type { ImageRef } from '../../domain/images/ref.js';
import { CancelledError, engineError, RegistryError } from '../transport/op-errors.js';
import { EngineApiError } from '../transport/errors.js';
import { followStream, StreamError } from './progress-stream.js';
import type { TransferOptions } from '../operation-types.js';
export type { TransferOptions };

// What pull and push share: the progress stream, cancellation, and registry errors explained.

export interface Transfer {
  op: 'pull' | 'push';
  endpoint: Endpoint;
  ref: ImageRef;
  /** The reference as shown to the user. */
  shown: string;
  /** Starts the request; resolves with the progress stream once the engine accepted it. */
  start(): Promise<NodeJS.ReadableStream>;
}

/** Runs a pull or push to the end of its stream; resolves with every event. */
export async function runTransfer(t: Transfer, opts: TransferOptions): Promise<ProgressEvent[]> {
  const fail = (err: unknown): Error => {
    if (opts.signal.aborted) return new CancelledError(t.op);
    const e = err instanceof StreamError ? new EngineApiError(0, err.message) : engineError(t.endpoint, err);
    if (!(e instanceof EngineApiError)) return e; // the engine itself is unreachable
    const message = registryErrorMessage({
      op: t.op,
      subject: t.shown,
      domain: t.ref.domain,
      message: e.message,
      status: e.status || undefined,
      withCredentials: opts.auth !== null,
    });
    return new RegistryError(message);
  };
  const progress = new LayerProgress(`${t.op === 'pull' ? 'Pulling' : 'Pushing'} ${t.shown}`);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await t.start();
  } catch (err) {
    throw fail(err);
  }
  try {
    return await followStream(stream, opts.signal, (event) => {
      opts.onEvent?.(event);
      if (progress.apply(event)) opts.onProgress(progress.report());
    });
  } catch (err) {
    throw fail(err);
  }
}
