// A job on one image archive — the engine's export, or an archive file: read it into a layer
// index (and cache it), or write one file out of it. Runs in a worker thread (layer-worker.ts)
// or, for small images, in the calling thread (layer-worker-run.ts decides).
import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import type { LayerIndex, ScannedLayer } from '../../domain/layers/layer-index.js';
import { formatPlatform, type Platform } from '../../domain/images/platform.js';
import { EngineApiError, EngineUnreachableError } from '../transport/errors.js';
import { requestStream } from '../transport/stream.js';
import type { ChunkSource } from '../transport/chunk-source.js';
import { indexArchive, isGzip } from './layer-archive.js';
import { writeCachedIndex } from './layer-cache.js';
import { extractFromArchive, type ExtractTarget } from './layer-extract.js';
import { openCheckedExport } from '../images/save.js';
import { youngCollector } from './young-gc.js';

/** `platform`: one platform's image of a multi-platform one (the engine's `platform` query). */
export type ArchiveSource = { kind: 'engine'; endpoint: Endpoint; imageId: string; platform?: Platform } | { kind: 'file'; path: string };

export type WorkerJob =
  | { task: 'index'; source: ArchiveSource; cacheEnv: Record<string, string | undefined> | null; known?: Map<string, ScannedLayer> }
  | { task: 'extract'; source: ArchiveSource; target: ExtractTarget; dest: string };

export type SerializedError = { name: string; message: string; status?: number; code?: string };

export type WorkerReply =
  | { type: 'progress'; bytes: number }
  /** `notCached`: why the index could not be kept in the cache (a full disk, an index too big). */
  | { type: 'index'; index: LayerIndex; reused: number; notCached?: string }
  | { type: 'extracted'; bytes: number }
  | { type: 'error'; error: SerializedError };

const PROGRESS_STEP = 1 << 20;

export function serialize(e: unknown): SerializedError {
  const err = e instanceof Error ? e : new Error(String(e));
  const out: SerializedError = { name: err.name, message: err.message };
  if (err instanceof EngineApiError) out.status = err.status;
  const code = (err as { code?: unknown }).code;
  if (err instanceof EngineUnreachableError || typeof code === 'string') out.code = String(code);
  return out;
}

async function open(source: ArchiveSource, signal: AbortSignal): Promise<Readable | ChunkSource> {
  // the export needs only the endpoint: a worker thread has no engine object
  if (source.kind === 'engine') {
    return openCheckedExport(source.endpoint, source.imageId, signal, source.platform);
  }
  // `docker save | gzip > app.tar.gz` is a common way to keep an archive: read it as it is.
  const head = Buffer.alloc(2);
  const file = await openFile(source.path);
  await file.read(head, 0, 2, 0).finally(() => file.close());
  const stream = createReadStream(source.path);
  if (!isGzip(head)) return stream;
  const gunzip = createGunzip();
  stream.on('error', (e) => gunzip.destroy(e));
  return stream.pipe(gunzip);
}

export async function runJob(job: WorkerJob, post: (r: WorkerReply) => void, signal: AbortSignal): Promise<void> {
  try {
    await runOn(job, post, signal);
  } catch (e) {
    // An export read without HTTP framing (raw-get.ts) ends when the connection does: an archive
    // cut short is an engine that went away, not a broken image, when the engine is gone.
    const { source } = job;
    if (source.kind === 'engine' && !signal.aborted && !(e instanceof EngineApiError) && !(e instanceof EngineUnreachableError) && !(await engineAnswers(source.endpoint))) {
      throw new EngineUnreachableError(source.endpoint, 'ECONNRESET');
    }
    throw e;
  }
}

/** Whether the engine answers at all (an error status is an answer). */
async function engineAnswers(endpoint: Endpoint): Promise<boolean> {
  try {
    (await requestStream(endpoint, 'GET', '/_ping', { timeoutMs: 2000 })).resume();
    return true;
  } catch (e) {
    return e instanceof EngineApiError;
  }
}

async function runOn(job: WorkerJob, post: (r: WorkerReply) => void, signal: AbortSignal): Promise<void> {
  const collect = await youngCollector();
  const source = await open(job.source, signal);
  if (job.task === 'extract') {
    const bytes = await extractFromArchive(source, job.target, job.dest, signal, collect);
    return post({ type: 'extracted', bytes });
  }
  let reported = 0;
  let reused = 0;
  const imageId = job.source.kind === 'engine' ? job.source.imageId : undefined;
  const platform = job.source.kind === 'engine' && job.source.platform ? formatPlatform(job.source.platform) : undefined;
  const read = await indexArchive(source, imageId, {
    signal,
    onBytes: (bytes) => {
      collect(bytes);
      if (bytes - reported < PROGRESS_STEP) return;
      reported = bytes;
      post({ type: 'progress', bytes });
    },
    known: job.known,
  }, (n) => (reused = n));
  const index = platform ? { ...read, platform } : read;
  // A cache that cannot be written (nothing of it is left: writeWhole) costs the next open the
  // export again: the caller says so.
  let notCached: string | undefined;
  if (job.cacheEnv) await writeCachedIndex(index, job.cacheEnv as NodeJS.ProcessEnv).catch((e: unknown) => (notCached = whyNotCached(e)));
  post({ type: 'index', index, reused, ...(notCached ? { notCached } : {}) });
}

function whyNotCached(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof RangeError) return 'the index is too big to keep';
  if (err.code === 'ENOSPC' || err.code === 'EDQUOT') return 'the disk is full';
  if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS') return 'the cache folder is not writable';
  if (err.code === 'ENOTDIR' || err.code === 'EEXIST') return 'a file stands where the cache folder goes';
  return err.message.split('\n')[0];
}

