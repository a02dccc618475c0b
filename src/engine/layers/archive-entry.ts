// One entry of an image archive as it streams by (layer-archive.ts walks the archive): decided
// by its first bytes, then routed to a layer's header walker (through the inflater for a gzip
// layer) or kept whole (manifest.json, configs).
import * as crypto from 'node:crypto';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, type Gunzip, type ZlibOptions } from 'node:zlib';
import { entryKind, entryPath, imagePathSafe, type LayerEntry } from '../../domain/layers/layer-entry.js';
import type { ScannedLayer } from '../../domain/layers/layer-index.js';
import { TarWalker, type TarHandlers, type TarHeader } from '../../domain/layers/tar-walker.js';
import { LayerArchiveError } from './archive-error.js';

const SMALL_JSON = 4 << 20;
/**
 * A gzip layer goes to the inflater this many bytes at a time, and comes out in chunks of
 * INFLATED: each write is a round trip to libuv's thread pool, and with the socket's 64 KB
 * pieces and zlib's 16 KB chunks those cost more system time than the inflating itself.
 */
const INFLATE_BATCH = 1 << 20;
const INFLATED = 256 << 10;
/**
 * How far reading runs ahead of the inflater before it waits. The engine writes only as fast as
 * it is read: waiting at each of the inflater's pauses paused the engine too, and the two times
 * added up (containerd store: 9.9 s against the engine's 5.9 s for 200 MB).
 */
const READ_AHEAD = 8 << 20;

export interface ArchiveScan {
  /** Entries (and their contents digests) of every entry that was a tar (plain or gzip), by its path in the archive. */
  layers: Map<string, ScannedLayer>;
  /** Small entries that are not tars (manifest.json, index.json, configs). */
  small: Map<string, string>;
  /** The layers taken from ScanOptions.known instead of being read. */
  reused: Set<string>;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  /**
   * Called for each entry of a layer instead of indexing it. A Writable returned gets the
   * entry's bytes, and the scan ends with that entry.
   */
  onLayerEntry?: (layerPath: string, header: TarHeader) => Writable | undefined;
  /**
   * Layers already indexed, by their path in the archive (another image's index: imgsh diff).
   * Such a layer's bytes go by unread (not inflated, no headers walked) and its entries are
   * these: the path names its contents (an OCI blob's digest; a docker-archive's v1 id follows
   * the layer chain).
   */
  known?: ReadonlyMap<string, ScannedLayer>;
}

/** The first 128 bits of sha256, in base64url: enough to tell contents apart, a third of the hex. */
const DIGEST_CHARS = 22;
// crypto.hash (Node 20.12) hashes a buffer at once: the body of a file that came in one slice
// costs a third of a Hash object's time, which for 100,000 small files is what counts.
const hashOnce = (crypto as unknown as { hash?: (alg: string, data: Buffer, enc: 'base64url') => string }).hash;
const digestOf = (b: Buffer) => (hashOnce ? hashOnce('sha256', b, 'base64url') : crypto.createHash('sha256').update(b).digest('base64url')).slice(0, DIGEST_CHARS);

export const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isZstd = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0xfd2fb528;
const isTar = (b: Buffer) => b.length >= 262 && b.subarray(257, 262).toString('latin1') === 'ustar';

export interface ScanState {
  /** Layers whose inflater is finishing. */
  inflating: Promise<void>[];
  failure: Error | null;
  /** Where onLayerEntry's entry is written; the scan stops after it. */
  taken: Writable | null;
  stop: boolean;
  /** The inflater being written to. */
  gunzip: Gunzip | null;
  /** The chunks are valid only until the scan's push returns (chunk-source.ts): what is kept past it is copied. */
  borrowed: boolean;
}

/** One entry of the outer archive: decided by its first bytes, then routed to a layer's walker or kept. */
export class OuterEntry {
  private head: Buffer[] = [];
  private headBytes = 0;
  private route: ((b: Buffer) => void) | null = null;
  private inner: TarWalker | null = null;
  private gunzip: Gunzip | null = null;
  private kept: Buffer[] | null = null;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private readonly entries: LayerEntry[] = [];
  /** The entries' contents digests, '' for none (see IndexedLayer.fileDigests). */
  private readonly digests: string[] = [];
  private reused: ScannedLayer | null = null;

  constructor(
    private readonly name: string,
    private readonly size: number,
    private readonly scan: ArchiveScan,
    private readonly state: ScanState,
    private readonly opts: ScanOptions,
  ) {}

  data(b: Buffer): void {
    if (this.route) return this.route(b);
    const known = this.opts.known?.get(this.name);
    if (known && !this.opts.onLayerEntry) {
      this.route = () => {};
      this.reused = known;
      this.scan.reused.add(this.name);
      return;
    }
    this.head.push(this.own(b));
    this.headBytes += b.length;
    // a tar header needs 262 bytes to be known as one
    if (this.headBytes >= 262) this.decide();
  }

  end(): void {
    if (this.reused) return void this.scan.layers.set(this.name, this.reused);
    if (!this.route) this.decide();
    if (this.kept) {
      if (this.size <= SMALL_JSON) this.scan.small.set(this.name, Buffer.concat(this.kept).toString('utf8'));
      return;
    }
    const gunzip = this.gunzip;
    if (!gunzip) return this.close();
    this.state.gunzip = null;
    this.flush();
    gunzip.end();
    // resolves (or rejects) also when the inflater ended or failed before this
    this.state.inflating.push(finished(gunzip).then(() => this.close(), (e: Error) => this.fail(e.message)));
  }

  private decide(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    // Node 20's zlib has no zstd (skopeo writes it with --dest-compress-format zstd).
    if (isZstd(head)) throw new LayerArchiveError(`layer ${this.name} is zstd-compressed, which imgsh cannot read: convert it with gzip layers (skopeo copy --dest-compress-format gzip …)`);
    const gz = isGzip(head);
    if (!gz && !isTar(head) && !this.name.endsWith('layer.tar')) {
      const kept: Buffer[] = (this.kept = []);
      this.route = (b) => void (this.size <= SMALL_JSON && kept.push(this.own(b)));
      return this.route(head);
    }
    const inner = (this.inner = new TarWalker(this.layerHandlers()));
    const feed = (b: Buffer) => {
      if (this.state.failure) return;
      try {
        inner.push(b);
      } catch (e) {
        this.fail((e as Error).message);
      }
    };
    if (gz) {
      const gunzip = (this.gunzip = this.state.gunzip = createGunzip({ chunkSize: INFLATED, writableHighWaterMark: READ_AHEAD } as ZlibOptions));
      gunzip.on('data', feed);
      gunzip.on('error', (e) => this.fail(e.message));
      this.route = (b) => {
        if (this.state.failure) return;
        this.batch.push(this.own(b));
        this.batchBytes += b.length;
        if (this.batchBytes >= INFLATE_BATCH) this.flush();
      };
    } else {
      this.route = feed;
    }
    this.route(head);
  }

  /** `b` to keep past this push: a copy of a borrowed chunk. */
  private own(b: Buffer): Buffer {
    return this.state.borrowed ? Buffer.from(b) : b;
  }

  private flush(): void {
    if (this.batchBytes === 0 || this.state.failure) return;
    this.gunzip!.write(this.batch.length === 1 ? this.batch[0] : Buffer.concat(this.batch, this.batchBytes));
    this.batch = [];
    this.batchBytes = 0;
  }

  private layerHandlers(): TarHandlers {
    let taken: Writable | null = null;
    // the entry (its number) whose contents are being digested, and its hash when they came in
    // several slices
    let hashing = -1;
    let hash: crypto.Hash | null = null;
    const { state, opts } = this;
    return {
      header: (h) => {
        if (state.stop) return;
        if (opts.onLayerEntry) {
          taken = opts.onLayerEntry(this.name, h) ?? null;
          if (taken) state.taken = taken;
          return;
        }
        const path = entryPath(h.name);
        if (!path || !imagePathSafe(path)) return;
        const kind = entryKind(h.type);
        // Two literal shapes, no spread: spread-built objects are several times bigger.
        this.entries.push(h.linkname ? { path, kind, size: h.size, mode: h.mode, target: h.linkname } : { path, kind, size: h.size, mode: h.mode });
        this.digests.push('');
        if (kind === 'file' && h.size > 0) hashing = this.digests.length - 1;
      },
      data: (b) => {
        if (hashing >= 0) {
          if (!hash && b.length === this.entries[hashing].size) {
            this.digests[hashing] = digestOf(b);
            hashing = -1;
          } else (hash ??= crypto.createHash('sha256')).update(b);
          return;
        }
        if (taken && !state.stop) taken.write(this.own(b));
      },
      end: () => {
        if (hashing >= 0 && hash) this.digests[hashing] = hash.digest('base64url').slice(0, DIGEST_CHARS);
        hashing = -1;
        hash = null;
        if (!taken) return;
        taken.end();
        taken = null;
        state.stop = true;
      },
    };
  }

  private close(): void {
    if (this.state.stop) return;
    try {
      this.inner?.end();
    } catch (e) {
      return this.fail((e as Error).message);
    }
    this.scan.layers.set(this.name, { entries: this.entries, fileDigests: this.digests.join('\0') });
  }

  private fail(why: string): void {
    this.state.failure ??= new LayerArchiveError(`layer ${this.name} is not a readable tar (${why})`);
  }
}

