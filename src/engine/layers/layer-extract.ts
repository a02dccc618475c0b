// Writes one file of an image layer out, read from the engine's export as it streams; the
// file appears under its name only once complete.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ChunkSource } from '../transport/chunk-source.js';
import { finished } from 'node:stream/promises';
import { entryPath } from '../../domain/layers/layer-entry.js';
import { fileProblem } from '../../domain/text/file-errors.js';
import { LayerArchiveError, scanArchive } from './layer-archive.js';

export interface ExtractTarget {
  archivePath: string;
  /** Path inside the layer, relative to the root. */
  path: string;
  kind: 'file' | 'symlink';
  mode: number;
  target?: string;
}

/** DEST as given, or DEST/NAME when DEST is a directory. */
export async function destinationFor(dest: string, name: string): Promise<string> {
  const s = await stat(dest).catch(() => null);
  return s?.isDirectory() ? join(dest, basename(name)) : dest;
}

export async function extractFromArchive(source: Readable | ChunkSource, what: ExtractTarget, dest: string, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<number> {
  const tmp = `${dest}.imgsh-${process.pid}.tmp`;
  if (what.kind === 'symlink') {
    source.destroy();
    await symlink(what.target ?? '', tmp);
    await rename(tmp, dest);
    return 0;
  }
  let written = -1;
  let out: WriteStream | null = null;
  try {
    await scanArchive(source, {
      signal,
      onBytes,
      onLayerEntry: (layer, header) => {
        if (layer !== what.archivePath || entryPath(header.name) !== what.path) return undefined;
        written = header.size;
        out = createWriteStream(tmp, { mode: what.mode & 0o777 || 0o644 });
        // its error (a full disk) comes back from finished() below, or from the scan's wait for it
        out.on('error', () => {});
        return out;
      },
    });
    if (out) await finished(out);
    if (written < 0) throw new LayerArchiveError(`/${what.path} was not found in layer ${what.archivePath}`);
    await rename(tmp, dest);
    return written;
  } catch (e) {
    (out as WriteStream | null)?.destroy();
    await rm(tmp, { force: true });
    // the archive is fine, the disk is not (full, read-only…): say so and where
    const err = e as NodeJS.ErrnoException;
    if (err.syscall === 'write' && typeof err.code === 'string') throw new LayerArchiveError(`cannot write ${dest}: ${fileProblem(err.code, dest, true) ?? err.message}`);
    throw e;
  }
}
