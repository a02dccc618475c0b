import type { Endpoint } from '../domain/endpoint.js';
import { explainRemoveError, type RemovalState } from '../domain/removal.js';
import { whileDiskUsageBusy } from './disk-usage-busy.js';
import { dockerodeFor } from './dockerode.js';
import { engineError } from './op-errors.js';
import { EngineApiError } from './errors.js';

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
  const docker = await dockerodeFor(endpoint);
  let df: { Images?: DfImage[] | null; Containers?: DfContainer[] | null };
  try {
    df = (await whileDiskUsageBusy(() => docker.df())) as typeof df;
  } catch (err) {
    throw engineError(endpoint, err);
  }
  return {
    images: (df.Images ?? []).map((i) => ({
      id: i.Id,
      parentId: i.ParentId ?? '',
      repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      repoDigests: (i.RepoDigests ?? []).filter((d) => !d.startsWith('<none>@')),
      size: i.Size ?? 0,
      sharedSize: i.SharedSize ?? -1,
    })),
    containers: (df.Containers ?? []).map((c) => ({
      id: c.Id,
      name: c.Names?.[0]?.replace(/^\//, '') || c.Id.slice(0, 12),
      imageId: c.ImageID ?? '',
      running: c.State === 'running' || c.State === 'paused' || c.State === 'restarting',
    })),
  };
}

export interface RemoveResult {
  untagged: string[];
  deleted: string[];
}

/** DELETE /images/REF; conflicts come back as EngineApiError with the reason in plain words. */
export async function removeImage(endpoint: Endpoint, ref: string, opts: { force: boolean; noPrune: boolean }): Promise<RemoveResult> {
  const docker = await dockerodeFor(endpoint);
  let records: { Untagged?: string; Deleted?: string }[];
  try {
    records = (await docker.getImage(ref).remove({ force: opts.force, noprune: opts.noPrune })) ?? [];
  } catch (err) {
    const e = engineError(endpoint, err);
    if (!(e instanceof EngineApiError)) throw e;
    throw new EngineApiError(e.status, explainRemoveError(ref, e.message, e.status) ?? `cannot remove ${ref}: ${e.message}`);
  }
  return {
    untagged: records.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
    deleted: records.flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
  };
}
