import type { Endpoint } from '../../domain/connection/endpoint.js';
import { familiarName, familiarRef, withDefaultTag, type ImageRef } from '../../domain/images/ref.js';
import { refPath } from '../transport/http.js';
import { requestStream } from '../transport/stream.js';
import { runTransfer, type TransferOptions } from './transfer.js';
import type { PushResult } from '../operation-types.js';
export type { PushResult };

const NO_CREDENTIALS = Buffer.from('{}').toString('base64');

/** Pushes one tag (`:latest` when none is given) with per-layer progress. */
export async function pushImage(endpoint: Endpoint, ref: ImageRef, opts: TransferOptions): Promise<PushResult> {
  const target = withDefaultTag(ref);
  const shown = familiarRef(target);
  const events = await runTransfer(
    {
      op: 'push',
      endpoint,
      ref,
      shown,
      start: () =>
        requestStream(endpoint, 'POST', `/images/${refPath(familiarName(target))}/push`, {
          query: { tag: target.tag ?? 'latest' },
          // without a header the engine reads the body as credentials; docker sends `{}` too
          headers: { 'X-Registry-Auth': opts.auth ?? NO_CREDENTIALS },
          signal: opts.signal,
        }),
    },
    opts,
  );
  const aux = events.map((e) => e.aux).find((a) => a && typeof a.Digest === 'string');
  return { ref: shown, digest: (aux?.Digest as string | undefined) ?? null };
}
