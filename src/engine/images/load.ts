import { platformQuery, type Platform } from '../../domain/images/platform.js';
import { pipeline } from 'node:stream/promises';
import type { ArchiveFormat } from '../../domain/layers/archive-layout.js';
import { EngineApiError, EngineUnreachableError } from '../transport/errors.js';
import { ArchiveCheckError, archiveGate } from './load-check.js';
import { jsonLines, streamRequest } from '../transport/stream.js';
import type { Engine } from '../types.js';
import type { LoadProgress, LoadResult } from '../operation-types.js';
export type { LoadProgress, LoadResult };

export { ArchiveCheckError };

/** The engine answered the load with an error line (after the archive was sent). */
export class LoadFailedError extends Error {
  constructor(
    message: string,
    readonly loaded: string[],
    readonly format?: ArchiveFormat,
  ) {
    super(message);
    this.name = 'LoadFailedError';
  }
}

/** The cancel came after the whole archive was sent: the engine may still finish the load. */
export class LateCancelError extends Error {}

const LOADED = /^Loaded image(?: ID)?: (.+?)\s*$/;

/**
 * Sends an archive to the engine through the checking gate, then follows the engine's answer.
 * Throws ArchiveCheckError for a bad archive (the engine has then loaded nothing).
 */
export async function loadArchive(
  engine: Engine,
  source: NodeJS.ReadableStream,
  opts: { signal: AbortSignal; onProgress?(p: LoadProgress): void; platform?: Platform },
): Promise<LoadResult> {
  const gate = await archiveGate();
  // containerd keeps an OCI ref.name as written: named as docker names it on the way
  const caps = await engine.capabilities().catch(() => null);
  const names = caps?.containerdStore ? (await import('./oci-names.js')).ociNamesFilter() : null;
  const progress: LoadProgress = { sent: 0, layers: new Map() };
  const report = () => opts.onProgress?.(progress);
  const { req, response } = await streamRequest(engine.endpoint, {
    method: 'POST',
    // of a multi-platform archive only this platform's image (API 1.48)
    path: opts.platform ? `/images/load?quiet=0&platform=${encodeURIComponent(platformQuery(opts.platform))}` : '/images/load?quiet=0',
    headers: { 'Content-Type': 'application/x-tar' },
    signal: opts.signal,
  });
  gate.stream.on('data', (chunk: Buffer) => {
    progress.sent += chunk.length;
    report();
  });
  let sourceFailed = false;
  source.on('error', () => (sourceFailed = true));
  const upload = names ? pipeline(source, names, gate.stream, req) : pipeline(source, gate.stream, req);
  const uploadError = await upload.then(
    () => null,
    (e: unknown) => e,
  );
  if (uploadError) {
    if (uploadError instanceof ArchiveCheckError) throw uploadError;
    if (opts.signal.aborted) throw uploadError;
    if (sourceFailed) throw uploadError;
    // The engine's answer says why the upload stopped (an error status, or no engine at all).
    const answer = await response.then(() => null, (e: unknown) => e);
    throw answer instanceof EngineApiError || answer instanceof EngineUnreachableError ? answer : uploadError;
  }

  const res = await response;
  const loaded: string[] = [];
  try {
    for await (const line of jsonLines(res)) {
      const detail = line.errorDetail as { message?: string } | undefined;
      if (detail || typeof line.error === 'string') {
        throw new LoadFailedError(detail?.message ?? String(line.error), loaded, gate.format());
      }
      const m = typeof line.stream === 'string' ? LOADED.exec(line.stream) : null;
      if (m) loaded.push(m[1]);
      const pd = line.progressDetail as { current?: number; total?: number } | undefined;
      if (line.status === 'Loading layer' && typeof line.id === 'string' && pd?.total) {
        progress.layers.set(line.id, { current: pd.current ?? 0, total: pd.total });
        report();
      }
    }
  } catch (e) {
    if (opts.signal.aborted) throw new LateCancelError('cancelled after the archive was sent');
    throw e;
  }
  if (opts.signal.aborted && !res.complete) throw new LateCancelError('cancelled after the archive was sent');
  return { loaded, format: gate.format() };
}
