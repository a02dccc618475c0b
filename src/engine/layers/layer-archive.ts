// Reads an image export as it streams: each layer tar is indexed (entries only, contents
// skipped) the moment it goes by, and small JSON files are kept, since a docker-archive may
// put manifest.json after its layers. Nothing of the archive is held beyond one entry's headers.
import type { Readable, Writable } from 'node:stream';
import { entryPath } from '../../domain/layers/layer-entry.js';
import { LAYER_INDEX_VERSION, type LayerIndex } from '../../domain/layers/layer-index.js';
import { resolveLayout } from '../../domain/layers/layer-layout.js';
import { TarFormatError, TarWalker } from '../../domain/layers/tar-walker.js';
import { asChunkSource, type ChunkSource } from '../transport/chunk-source.js';
import { LayerArchiveError } from './archive-error.js';
import { OuterEntry, type ArchiveScan, type ScanOptions, type ScanState } from './archive-entry.js';

export { LayerArchiveError } from './archive-error.js';
export { isGzip, type ArchiveScan, type ScanOptions } from './archive-entry.js';

/**
 * Reads the archive's entries as they stream by (tar-walker.ts). Each entry is a layer (a tar,
 * plain or gzip: its headers are indexed), or a small JSON file that is kept. One loop reads
 * the source, and waits whenever the gzip inflater or a file being written has its fill.
 */
export async function scanArchive(input: Readable | ChunkSource, opts: ScanOptions = {}): Promise<ArchiveScan> {
  const source = asChunkSource(input);
  const scan: ArchiveScan = { layers: new Map(), small: new Map(), reused: new Set() };
  const state: ScanState = { inflating: [], failure: null, taken: null, stop: false, gunzip: null, borrowed: source.borrowed };
  let entry: OuterEntry | null = null;
  let lastName = '';
  let bytes = 0;
  const outer = new TarWalker({
    header: (h) => {
      lastName = entryPath(h.name);
      entry = h.type === 'file' ? new OuterEntry(lastName, h.size, scan, state, opts) : null;
    },
    data: (b) => entry?.data(b),
    end: () => {
      const e = entry;
      entry = null;
      e?.end();
    },
  });

  const onAbort = () => source.destroy(new LayerArchiveError('cancelled'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await source.each((chunk) => {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      outer.push(chunk);
      if (state.failure) throw state.failure;
      if (state.stop) return 'stop';
      if (state.gunzip?.writableNeedDrain) return roomIn(state.gunzip);
      if (state.taken?.writableNeedDrain) return roomIn(state.taken);
      return null;
    });
    if (!state.stop) outer.end();
    await Promise.all(state.inflating);
    if (state.failure) throw state.failure;
    // stopped inside a layer (the entry wanted was read): its inflater is dropped with the export
    if (state.stop) {
      state.gunzip?.destroy();
      source.destroy();
    }
    else if (bytes === 0) throw new TarFormatError('empty archive');
  } catch (e) {
    source.destroy();
    if (opts.signal?.aborted) throw new LayerArchiveError('cancelled');
    if (e instanceof LayerArchiveError) throw e;
    // writing out what was read failed (a full disk): not the archive's fault, the caller says where
    if ((e as NodeJS.ErrnoException).syscall === 'write') throw e;
    const where = lastName ? ` after ${lastName}` : '';
    throw new LayerArchiveError(`the image archive is truncated or damaged${where} (${(e as Error).message})`);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return scan;
}

/**
 * When `stream` takes writes again. A stream ended meanwhile (the file being written got its
 * last bytes from the inflater while the loop waited) emits no 'drain', only 'finish'.
 */
function roomIn(stream: Writable): Promise<void> {
  if (stream.writableFinished || stream.destroyed) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const off = () => {
      for (const e of ['drain', 'finish', 'close']) stream.off(e, done);
      stream.off('error', fail);
    };
    const done = () => (off(), resolve());
    // the stream's error (a full disk) is the scan's
    const fail = (e: Error) => (off(), reject(e));
    for (const e of ['drain', 'finish', 'close']) stream.on(e, done);
    stream.on('error', fail);
  });
}

/** Reads an export stream (of one image) into a layer index; without `imageId`, the archive's config digest. */
export async function indexArchive(source: Readable | ChunkSource, imageId: string | undefined, opts: Pick<ScanOptions, 'signal' | 'onBytes' | 'known'> = {}, onReused?: (n: number) => void): Promise<LayerIndex> {
  const scan = await scanArchive(source, opts);
  onReused?.(scan.reused.size);
  const layout = resolveLayout(scan.small);
  if ('error' in layout) throw new LayerArchiveError(`cannot read the image archive: ${layout.error}`);
  const layers = layout.layers.map((l) => {
    const scanned = scan.layers.get(l.archivePath);
    if (!scanned) throw new LayerArchiveError(`the image archive is truncated: layer ${l.archivePath} is missing`);
    return { ...l, entries: scanned.entries, fileDigests: scanned.fileDigests };
  });
  return { version: LAYER_INDEX_VERSION, imageId: imageId ?? layout.imageId ?? '', format: layout.format, layers, history: layout.history };
}
