// Runs a job on an image archive (layer-job.ts) in a worker thread (layer-worker.ts), or for a
// small image in this one, and gives back its result. The bundle ships the worker as
// dist/layer-worker.js; under tsx (tests) the .ts file is loaded through tsx's loader, which
// worker threads do not inherit.
import { Worker } from 'node:worker_threads';
import type { LayerIndex, ScannedLayer } from '../../domain/layers/layer-index.js';
import { EngineApiError, EngineUnreachableError } from '../transport/errors.js';
import { LayerArchiveError } from './layer-archive.js';
import type { ExtractTarget } from './layer-extract.js';
import { runJob, type ArchiveSource, type SerializedError, type WorkerJob, type WorkerReply } from './layer-job.js';

/**
 * Young generation of the worker. With Node's default it grows to ~48 MB while an archive
 * streams by; 2 MB took the peak RSS of indexing 100,000 files from ~183 MB to ~125 MB at
 * the same speed (1 MB: no less; 4 MB: +5 MB; 8 MB: +15 MB).
 */
const YOUNG_GENERATION_MB = 2;

/**
 * From this many bytes of archive on, the job runs in a worker thread. Below, the thread's
 * start-up (~100 ms) costs more than its smaller heap saves.
 */
const THREAD_FROM_BYTES = 64 << 20;

/** Whether a job on `bytes` of archive runs in a worker thread. */
export function inThread(bytes: number): boolean {
  return bytes >= THREAD_FROM_BYTES;
}

/** Layers already indexed (another image's), by archive path: taken instead of read; `onReused` hears how many were. */
export interface KnownLayers {
  known?: Map<string, ScannedLayer>;
  onReused?: (layers: number) => void;
  /** Hears why the index could not be cached. */
  onNotCached?: (why: string) => void;
}

export interface JobOptions {
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  /** In a worker thread (true), or in this one. */
  thread: boolean;
}

function startWorker(job: WorkerJob): Worker {
  const here = import.meta.url;
  const options = { workerData: { imgshLayerJob: job }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } };
  if (here.endsWith('.ts')) {
    const entry = JSON.stringify(new URL('./layer-worker.ts', here).href);
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  // Bundled: this code sits in dist/cli.js or in a chunk under dist/chunks/.
  return new Worker(new URL(here.includes('/chunks/') ? '../layer-worker.js' : './layer-worker.js', here), options);
}

function revive(e: SerializedError, source: ArchiveSource): Error {
  if (e.name === 'LayerArchiveError') return new LayerArchiveError(e.message);
  if (e.name === 'EngineUnreachableError' && source.kind === 'engine') {
    const err = new EngineUnreachableError(source.endpoint, e.code ?? 'ERROR');
    err.message = e.message;
    return err;
  }
  if (e.status !== undefined) return new EngineApiError(e.status, e.message);
  return Object.assign(new Error(e.message), e.code === undefined ? {} : { code: e.code });
}

async function runHere(job: WorkerJob, opts: JobOptions): Promise<WorkerReply> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let answer: WorkerReply | null = null;
  try {
    if (opts.signal?.aborted) throw new LayerArchiveError('cancelled');
    await runJob(job, (r) => (r.type === 'progress' ? opts.onBytes?.(r.bytes) : (answer = r)), controller.signal);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (!answer) throw new LayerArchiveError('the job gave no answer');
  return answer;
}

function runInThread(job: WorkerJob, opts: JobOptions): Promise<WorkerReply> {
  return new Promise<WorkerReply>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new LayerArchiveError('cancelled'));
    const worker = startWorker(job);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    // The worker stops its stream and answers with a 'cancelled' error; terminate is the backstop.
    const onAbort = () => {
      worker.postMessage('cancel');
      setTimeout(() => void worker.terminate(), 2000).unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // The answer is kept until the thread has exited, so its heap is gone before the caller
    // builds on the index (the two together were the peak).
    let answer: WorkerReply | null = null;
    worker.on('message', (r: WorkerReply) => {
      if (r.type === 'progress') opts.onBytes?.(r.bytes);
      else answer = r;
    });
    worker.on('error', (e) => settle(() => reject(/out of memory/i.test(e.message) ? new LayerArchiveError('the image has too many files to index in memory') : e)));
    worker.on('exit', () => {
      const r = answer as WorkerReply | null;
      if (opts.signal?.aborted) settle(() => reject(new LayerArchiveError('cancelled')));
      else if (r?.type === 'error') settle(() => reject(revive(r.error, job.source)));
      else if (r) settle(() => resolve(r));
      else settle(() => reject(new LayerArchiveError('the indexing thread stopped without an answer')));
    });
  });
}

const run = (job: WorkerJob, opts: JobOptions) => (opts.thread ? runInThread(job, opts) : runHere(job, opts));

/** The layer index of an archive; a non-null `cacheEnv` caches it (under its XDG_CACHE_HOME). */
export async function indexSource(source: ArchiveSource, cacheEnv: Record<string, string | undefined> | null, opts: JobOptions & KnownLayers): Promise<LayerIndex> {
  const r = await run({ task: 'index', source, cacheEnv, ...(opts.known ? { known: opts.known } : {}) }, opts);
  if (r.type !== 'index') throw new LayerArchiveError('the indexing thread gave no index');
  opts.onReused?.(r.reused);
  if (r.notCached) opts.onNotCached?.(r.notCached);
  return r.index;
}

/** Writes one file of an archive's layer to `dest`; the bytes written. */
export async function extractFromSource(source: ArchiveSource, target: ExtractTarget, dest: string, opts: JobOptions): Promise<number> {
  const r = await run({ task: 'extract', source, target, dest }, opts);
  if (r.type !== 'extracted') throw new LayerArchiveError('the extracting thread gave no answer');
  return r.bytes;
}
