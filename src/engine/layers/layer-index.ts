import { stat } from 'node:fs/promises';
import type { LayerIndex } from '../../domain/layers/layer-index.js';
import { readCachedIndex } from './layer-cache.js';
import { indexSource, inThread } from './layer-job-run.js';
import type { Engine } from '../types.js';

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
}

/**
 * The cached index of `ref`'s image, else one read from the engine's export (and cached). A big
 * export is read in a worker thread: see layer-worker.ts for why.
 */
export async function loadLayerIndex(engine: Engine, ref: string, opts: IndexOptions): Promise<{ index: LayerIndex; cached: boolean; ref: string }> {
  const details = await engine.inspectImage(ref);
  const cached = await readCachedIndex(details.id, opts.env);
  if (cached) return { index: cached, cached: true, ref };
  opts.onProgress?.({ bytes: 0, total: details.size });
  const env = opts.env ?? process.env;
  const index = await indexSource({ kind: 'engine', endpoint: engine.endpoint, imageId: details.id }, { XDG_CACHE_HOME: env.XDG_CACHE_HOME }, {
    thread: opts.thread ?? inThread(details.size),
    signal: opts.signal,
    onBytes: (bytes) => opts.onProgress?.({ bytes, total: Math.max(bytes, details.size) }),
  });
  return { index, cached: false, ref };
}

/** The index of an image archive file (`docker save`, skopeo's docker-archive or oci-archive); never cached. */
export async function loadArchiveIndex(path: string, opts: { signal: AbortSignal; onBytes?: (bytes: number) => void; thread?: boolean }): Promise<LayerIndex> {
  const thread = opts.thread ?? inThread((await stat(path)).size);
  return indexSource({ kind: 'file', path }, null, { ...opts, thread });
}
