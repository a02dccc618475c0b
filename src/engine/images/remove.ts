import { platformQuery, type Platform } from '../../domain/images/platform.js';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { explainRemoveError, type RemovalState } from '../../domain/images/removal.js';
import { whileDiskUsageBusy } from '../transport/disk-usage-busy.js';
import { refPath } from '../transport/http.js';
import { EngineApiError } from '../transport/errors.js';
import { requestJson } from '../transport/stream.js';
import type { RemoveResult } from '../operation-types.js';
export type { RemoveResult };

interface DfImage {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  SharedSize?: number;
}

interface DfContainer {
  Id: string;
  Names?: string[] | null;
  ImageID?: string;
  State?: string;
}

/** Images (with the bytes they share) and containers, in one /system/df call. */
export async function readRemovalState(endpoint: Endpoint): Promise<RemovalState> {
  const df = await whileDiskUsageBusy(() => requestJson<{ Images?: DfImage[] | null; Containers?: DfContainer[] | null }>(endpoint, 'GET', '/system/df'));
  // the containerd store lists each tag of an image as an entry of its own: one image, all its tags
  const images = new Map<string, RemovalState['images'][number]>();
  for (const i of df.Images ?? []) {
    const repoTags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    const repoDigests = (i.RepoDigests ?? []).filter((d) => !d.startsWith('<none>@'));
    const seen = images.get(i.Id);
    if (seen) {
      seen.repoTags = [...new Set([...seen.repoTags, ...repoTags])];
      seen.repoDigests = [...new Set([...seen.repoDigests, ...repoDigests])];
      continue;
    }
    images.set(i.Id, { id: i.Id, parentId: i.ParentId ?? '', repoTags, repoDigests, size: i.Size ?? 0, sharedSize: i.SharedSize ?? -1 });
  }
  return {
    images: [...images.values()],
    containers: (df.Containers ?? []).map((c) => ({
      id: c.Id,
      name: c.Names?.[0]?.replace(/^\//, '') || c.Id.slice(0, 12),
      imageId: c.ImageID ?? '',
      running: c.State === 'running' || c.State === 'paused' || c.State === 'restarting',
    })),
  };
}

/** DELETE /images/REF; conflicts come back as EngineApiError with the reason in plain words. */
export async function removeImage(endpoint: Endpoint, ref: string, opts: { force: boolean; noPrune: boolean; platforms?: Platform[] }): Promise<RemoveResult> {
  let records: { Untagged?: string; Deleted?: string }[];
  // only these platforms' content (API 1.50): one `platforms` JSON each
  const platforms = opts.platforms?.length ? opts.platforms.map(platformQuery) : undefined;
  try {
    records = (await requestJson<typeof records | null>(endpoint, 'DELETE', `/images/${refPath(ref)}`, { query: { force: opts.force, noprune: opts.noPrune, platforms } })) ?? [];
  } catch (e) {
    if (!(e instanceof EngineApiError)) throw e;
    throw new EngineApiError(e.status, explainRemoveError(ref, e.message, e.status) ?? `cannot remove ${ref}: ${e.message}`, e.said);
  }
  return {
    untagged: records.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
    deleted: records.flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
  };
}
