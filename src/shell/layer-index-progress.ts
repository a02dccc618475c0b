// The layer index of an image or an archive file, with progress and failures as one line: shared by layers and cp.
import { stat } from 'node:fs/promises';
import type { Platform } from '../domain/images/platform.js';
import { throttle } from '../domain/text/throttle.js';
import { LayerArchiveError } from '../engine/layers/layer-archive.js';
import { cacheDir } from '../engine/layers/layer-cache.js';
import { loadArchiveIndex, loadLayerIndex, type IndexOptions } from '../engine/layers/layer-index.js';
import { CommandError, type CommandContext } from './command.js';

/** The layer index of REF (cached or read from the engine's export), with progress; `known`: layers already indexed, taken instead of read. */
export async function indexWithProgress(ctx: CommandContext, ref: string, platform?: Platform, known?: IndexOptions['known']) {
  const engine = await ctx.engine();
  const progress = throttle((p: { bytes: number; total: number }) =>
    ctx.progress({ title: `Indexing the layers of ${ref}`, items: [], current: p.bytes, total: p.total }),
  );
  try {
    return await loadLayerIndex(engine, ref, { signal: ctx.signal, onProgress: progress.call, platform, known });
  } catch (e) {
    if (ctx.signal.aborted) throw new CommandError('layer indexing cancelled');
    if (e instanceof LayerArchiveError) throw new CommandError(e.message);
    throw e;
  } finally {
    progress.flush();
  }
}

/** The line for stderr when an image's index could not be cached (`notCached`: why), else undefined. */
export function notCachedWarning(notCached: string | undefined, ref: string): string | undefined {
  if (!notCached) return undefined;
  return `warning: the layer index of ${ref} was not kept in the cache (${notCached}; ${cacheDir()}): the next look reads the export again; free space there, or set XDG_CACHE_HOME`;
}

/** The layer index of an archive file, with progress; a missing file fails before any work. */
export async function archiveWithProgress(ctx: CommandContext, file: string) {
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new CommandError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message}`);
  });
  if (!info.isFile()) throw new CommandError(`${file} is not a file: give an image archive (docker save, or skopeo's docker-archive / oci-archive)`);
  const progress = throttle((bytes: number) => ctx.progress({ title: `Indexing the layers in ${file}`, items: [], current: bytes, total: info.size }));
  try {
    return await loadArchiveIndex(file, { signal: ctx.signal, onBytes: progress.call });
  } catch (e) {
    if (ctx.signal.aborted) throw new CommandError('layer indexing cancelled');
    if (e instanceof LayerArchiveError) throw new CommandError(`${file}: ${e.message}`);
    throw e;
  } finally {
    progress.flush();
  }
}
