import type { Endpoint } from '../../domain/connection/endpoint.js';
import { familiarName, familiarRef, fullName, withDefaultTag, type ImageRef } from '../../domain/images/ref.js';
import { refPath } from '../transport/http.js';
import { requestJson, requestStream } from '../transport/stream.js';
import { runTransfer, type TransferOptions } from './transfer.js';
import type { PullResult } from '../operation-types.js';
export type { PullResult };

/**
 * Pulls an image with per-layer progress. Aborting the signal cancels the request; the engine
 * then drops the partial download, so no image appears.
 */
export async function pullImage(
  endpoint: Endpoint,
  ref: ImageRef,
  opts: TransferOptions & { platform?: string },
): Promise<PullResult> {
  const target = withDefaultTag(ref);
  const shown = familiarRef(target);
  await runTransfer(
    {
      op: 'pull',
      endpoint,
      ref,
      shown,
      start: () =>
        requestStream(endpoint, 'POST', '/images/create', {
          // a digest goes where the tag goes; the engine tells them apart
          query: { fromImage: fullName(target), tag: opts.allTags ? undefined : (target.digest ?? target.tag ?? undefined), platform: opts.platform || undefined },
          headers: opts.auth ? { 'X-Registry-Auth': opts.auth } : undefined,
          signal: opts.signal,
        }),
    },
    opts,
  );
  // every tag: no one image to name
  if (opts.allTags) return { ref: familiarName(target), id: '' };
  const info = await requestJson<{ Id: string }>(endpoint, 'GET', `/images/${refPath(shown)}/json`);
  return { ref: shown, id: info.Id };
}
