import type { Endpoint } from '../domain/endpoint.js';
import { familiarRef, fullName, withDefaultTag, type ImageRef } from '../domain/ref.js';
import { dockerodeFor } from './dockerode.js';
import { engineError } from './op-errors.js';
import { runTransfer, type TransferOptions } from './transfer.js';

export interface PullResult {
  /** The reference pulled, as the engine lists it (`busybox:latest`). */
  ref: string;
  id: string;
}

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
  const docker = await dockerodeFor(endpoint);
  await runTransfer(
    {
      op: 'pull',
      endpoint,
      ref,
      shown,
      start: () =>
        docker.createImage({
          fromImage: fullName(target),
          // a digest goes where the tag goes; the engine tells them apart
          tag: target.digest ?? target.tag,
          ...(opts.platform ? { platform: opts.platform } : {}),
          ...(opts.auth ? { authconfig: { base64: opts.auth } } : {}),
          abortSignal: opts.signal,
        }),
    },
    opts,
  );
  try {
    const info = (await docker.getImage(shown).inspect()) as { Id: string };
    return { ref: shown, id: info.Id };
  } catch (err) {
    throw engineError(endpoint, err);
  }
}
