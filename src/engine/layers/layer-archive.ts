// Reads an image export as it streams: each layer tar is indexed (entries only, contents
// skipped) the moment it goes by, and small JSON files are kept, since a docker-archive may
// put manifest.json after its layers. Nothing of the archive is held beyond one entry's headers.
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import type { Header } from 'tar-stream';
import { entryKind, entryPath, imagePathSafe, type LayerEntry } from '../../domain/layers/layer-entry.js';
import { LAYER_INDEX_VERSION, type LayerIndex } from '../../domain/layers/layer-index.js';
import { resolveLayout } from '../../domain/layers/layer-layout.js';

type TarModule = typeof import('tar-stream');
const SMALL_JSON = 4 << 20;

export class LayerArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayerArchiveError';
  }
}

export async function tarStream(): Promise<TarModule> {
  // CommonJS: bundled, its exports sit on `default`; under tsx, on the module itself.
  const mod = (await import('tar-stream')) as TarModule & { default?: TarModule };
  return mod.default ?? mod;
}

export interface ArchiveScan {
  /** Entries of every entry that was a tar (plain or gzip), by its path in the archive. */
  layers: Map<string, LayerEntry[]>;
  /** Small entries that are not tars (manifest.json, index.json, configs). */
  small: Map<string, string>;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  /** Called for each entry of a layer instead of indexing it; return true to stop reading. */
  onLayerEntry?: (layerPath: string, header: Header, body: Readable) => Promise<boolean> | boolean;
}

export const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isZstd = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0xfd2fb528;
const isTar = (b: Buffer) => b.length >= 262 && b.subarray(257, 262).toString('latin1') === 'ustar';

export async function scanArchive(source: Readable, opts: ScanOptions = {}): Promise<ArchiveScan> {
  const tar = await tarStream();
  const { createGunzip } = await import('node:zlib');
  const layers = new Map<string, LayerEntry[]>();
  const small = new Map<string, string>();
  const outer = tar.extract();
  let bytes = 0;
  let lastName = '';
  let stopped = false;
  source.on('data', (c: Buffer) => opts.onBytes?.((bytes += c.length)));

  /** Feeds one entry's body into an inner tar parser, peeking at its first bytes to decide. */
  const readEntry = async (name: string, size: number, body: Readable) => {
    const iter = body[Symbol.asyncIterator]();
    let first = await iter.next();
    if (first.done) return;
    let head = first.value as Buffer;
    // A header needs 262 bytes; streams may cut the first chunk shorter.
    while (head.length < 262) {
      const more = await iter.next();
      if (more.done) break;
      head = Buffer.concat([head, more.value as Buffer]);
    }
    // Node 20's zlib has no zstd (skopeo writes it with --dest-compress-format zstd).
    if (isZstd(head)) throw new LayerArchiveError(`layer ${name} is zstd-compressed, which imgsh cannot read: convert it with gzip layers (skopeo copy --dest-compress-format gzip …)`);
    const gz = isGzip(head);
    if (!gz && !isTar(head) && !name.endsWith('layer.tar')) {
      const chunks = [head];
      for (let r = await iter.next(); !r.done; r = await iter.next()) if (size <= SMALL_JSON) chunks.push(r.value as Buffer);
      if (size <= SMALL_JSON) small.set(name, Buffer.concat(chunks).toString('utf8'));
      return;
    }
    const inner = tar.extract();
    const entries: LayerEntry[] = [];
    let innerDone = false;
    inner.on('entry', ((h: Header, b: Readable, next: () => void) => {
      const path = entryPath(h.name);
      if (opts.onLayerEntry) {
        void Promise.resolve(opts.onLayerEntry(name, h, b)).then((stop) => {
          if (stop) stopped = true;
          b.resume();
          next();
        }, (e: Error) => inner.destroy(e));
        return;
      }
      if (path && imagePathSafe(path)) {
        const kind = entryKind(h.type);
        const size = h.size ?? 0;
        const mode = h.mode ?? 0;
        // Two literal shapes, no spread: spread-built objects are several times bigger.
        entries.push(h.linkname ? { path, kind, size, mode, target: h.linkname } : { path, kind, size, mode });
      }
      b.on('end', next);
      b.resume();
    }) as never);
    const finished = new Promise<void>((resolve, reject) => {
      inner.on('finish', () => ((innerDone = true), resolve()));
      inner.on('error', reject);
    });
    finished.catch(() => {});
    const sink: NodeJS.WritableStream = gz ? createGunzip() : (inner as unknown as NodeJS.WritableStream);
    if (gz) {
      (sink as NodeJS.ReadWriteStream).pipe(inner as unknown as NodeJS.WritableStream);
      sink.on('error', (e: Error) => inner.destroy(e));
    }
    const write = async (chunk: Buffer) => {
      if (!sink.write(chunk)) await Promise.race([once(sink as never, 'drain'), finished]);
    };
    await write(head);
    for (let r = await iter.next(); !r.done && !stopped; r = await iter.next()) await write(r.value as Buffer);
    if (stopped) return;
    sink.end();
    try {
      await finished;
    } catch (e) {
      throw new LayerArchiveError(`layer ${name} is not a readable tar (${(e as Error).message})`);
    }
    if (!innerDone) throw new LayerArchiveError(`layer ${name} breaks off`);
    layers.set(name, entries);
  };

  const done = new Promise<void>((resolve, reject) => {
    outer.on('entry', ((h: Header, body: Readable, next: (err?: Error) => void) => {
      const name = entryPath(h.name);
      lastName = name;
      if (h.type !== 'file' || stopped) {
        body.resume();
        return body.on('end', () => next());
      }
      readEntry(name, h.size ?? 0, body).then(
        () => (stopped ? (source.destroy(), resolve()) : next()),
        (e: Error) => next(e),
      );
    }) as never);
    outer.on('finish', resolve);
    outer.on('error', reject);
  });
  const onAbort = () => source.destroy(new LayerArchiveError('cancelled'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  source.on('error', (e) => outer.destroy(e));
  source.pipe(outer as unknown as NodeJS.WritableStream);
  try {
    await done;
  } catch (e) {
    if (opts.signal?.aborted) throw new LayerArchiveError('cancelled');
    if (e instanceof LayerArchiveError) throw e;
    // writing out what was read failed (a full disk): not the archive's fault, the caller says where
    if ((e as NodeJS.ErrnoException).syscall === 'write') throw e;
    const where = lastName ? ` after ${lastName}` : '';
    throw new LayerArchiveError(`the image archive is truncated or damaged${where} (${(e as Error).message})`);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return { layers, small };
}

/** Reads an export stream (of one image) into a layer index; without `imageId`, the archive's config digest. */
export async function indexArchive(source: Readable, imageId: string | undefined, opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<LayerIndex> {
  const scan = await scanArchive(source, opts);
  const layout = resolveLayout(scan.small);
  if ('error' in layout) throw new LayerArchiveError(`cannot read the image archive: ${layout.error}`);
  const layers = layout.layers.map((l) => {
    const entries = scan.layers.get(l.archivePath);
    if (!entries) throw new LayerArchiveError(`the image archive is truncated: layer ${l.archivePath} is missing`);
    return { ...l, entries };
  });
  return { version: LAYER_INDEX_VERSION, imageId: imageId ?? layout.imageId ?? '', format: layout.format, layers, history: layout.history };
}
