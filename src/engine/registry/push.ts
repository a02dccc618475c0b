import { platformQuery, type Platform } from '../../domain/images/platform.js';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { familiarName, familiarRef, withDefaultTag, type ImageRef } from '../../domain/images/ref.js';
import { refPath } from '../transport/http.js';
import { requestStream } from '../transport/stream.js';
import { runTransfer, type TransferOptions } from './transfer.js';
import type { PushResult } from '../operation-types.js';
export type { PushResult };

/** `TAG: digest: sha256:… size: N`, the push's last status line. */
const PUSHED_DIGEST = /^\S+: digest: (sha256:[0-9a-f]{64}) size: \d+$/;
const NO_CREDENTIALS = Buffer.from('{}').toString('base64');

/** Pushes one tag (`:latest` when none is given) with per-layer progress. */
export async function pushImage(endpoint: Endpoint, ref: ImageRef, opts: TransferOptions & { platform?: Platform }): Promise<PushResult> {
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
          query: { tag: opts.allTags ? undefined : (target.tag ?? 'latest'), platform: opts.platform ? platformQuery(opts.platform) : undefined },
          // without a header the engine reads the body as credentials; docker sends `{}` too
          headers: { 'X-Registry-Auth': opts.auth ?? NO_CREDENTIALS },
          signal: opts.signal,
        }),
    },
    opts,
  );
  const aux = events.map((e) => e.aux).find((a) => a && typeof a.Digest === 'string');
  // Docker 28 on the containerd store sends no aux, only the line the docker CLI prints
  const said = events.map((e) => PUSHED_DIGEST.exec(e.status ?? '')?.[1]).find(Boolean);
  return { ref: shown, digest: (aux?.Digest as string | undefined) ?? said ?? null };
}
