import { stat } from 'node:fs/promises';
import type { IndexedLayer, LayerIndex } from '../../domain/layers/layer-index.js';
import { readCachedIndex } from './layer-cache.js';
import { indexSource, inThread, type KnownLayers } from './layer-job-run.js';
import type { Engine } from '../types.js';
import { formatPlatform, samePlatform, type Platform } from '../../domain/images/platform.js';
import { platformMissing, platformToRead, requirePlatforms } from '../platforms.js';

export interface IndexProgress {
  bytes: number;
  /** About the export's size (the image's size); the engine sends no length. */
  total: number;
}

export interface IndexOptions {
  signal: AbortSignal;
  onProgress?: (p: IndexProgress) => void;
  env?: NodeJS.ProcessEnv;
  /** Read the export in a worker thread; by default, when the image is big (layer-job-run.ts). */
  thread?: boolean;
  /** A platform of a multi-platform image; by default this machine's. */
  platform?: Platform;
  /** Layers already indexed (another image's), by their path in the export, taken instead of read: see KnownLayers. */
  known?: Map<string, IndexedLayer>;
}

/**
 * Bytes of the image's layers (`diffIds`) that `known` has: they go by unread. A docker-archive
 * names its layers by diff id; an OCI export by blob digest, which the image's diff ids do not
 * give, so none count there.
 */
function knownBytes(diffIds: readonly string[], known: IndexOptions['known']): number {
  if (!known) return 0;
  const ids = new Set(diffIds);
  let bytes = 0;
  for (const layer of known.values()) if (ids.has(layer.digest)) for (const e of layer.entries) bytes += e.size;
  return bytes;
}

/**
 * The cached index of `ref`'s image, else one read from the engine's export (and cached). A big
 * export is read in a worker thread: see layer-worker.ts for why.
 */
export async function loadLayerIndex(engine: Engine, ref: string, opts: IndexOptions): Promise<{ index: LayerIndex; cached: boolean; ref: string; labels: Record<string, string>; reused?: number; notCached?: string }> {
  if (opts.platform) await requirePlatforms(engine);
  const details = await engine.inspectImage(ref);
  const held = details.platforms?.filter((p) => p.available);
  if (opts.platform && held && !held.some((p) => samePlatform(p, opts.platform!))) throw platformMissing(ref, opts.platform, held);
  const platform = platformToRead(opts.platform, details);
  const cached = await readCachedIndex(details.id, opts.env, platform && formatPlatform(platform));
  const labels = details.labels;
  if (cached) return { index: cached, cached: true, ref, labels };
  opts.onProgress?.({ bytes: 0, total: details.size });
  const env = opts.env ?? process.env;
  const source = { kind: 'engine' as const, endpoint: engine.endpoint, imageId: details.id, ...(platform ? { platform } : {}) };
  let reused: number | undefined;
  let notCached: string | undefined;
  const index = await indexSource(source, { XDG_CACHE_HOME: env.XDG_CACHE_HOME }, {
    thread: opts.thread ?? inThread(details.size - knownBytes(details.layers, opts.known)),
    signal: opts.signal,
    onBytes: (bytes) => opts.onProgress?.({ bytes, total: Math.max(bytes, details.size) }),
    known: opts.known,
    onReused: (n) => (reused = n),
    onNotCached: (why) => (notCached = why),
  });
  return { index, cached: false, ref, labels, ...(reused !== undefined && opts.known ? { reused } : {}), ...(notCached ? { notCached } : {}) };
}

/** The index of an image archive file (`docker save`, skopeo's docker-archive or oci-archive); never cached. */
export async function loadArchiveIndex(path: string, opts: { signal: AbortSignal; onBytes?: (bytes: number) => void; thread?: boolean }): Promise<LayerIndex> {
  const thread = opts.thread ?? inThread((await stat(path)).size);
  return indexSource({ kind: 'file', path }, null, { ...opts, thread });
}
