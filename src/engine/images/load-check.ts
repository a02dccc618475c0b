// A gate between an archive and the engine: it reads the tar structure as the bytes go by and
// holds back the end of the stream until the whole archive has been checked. A bad archive is
// then never complete on the engine's side, so the engine loads nothing from it (measured:
// 20.10 loads the images of a multi-image archive one by one and keeps the first ones when a
// later layer is missing).
import { Transform, type TransformCallback } from 'node:stream';
import type { Header as TarHeader } from 'tar-stream';
import { checkLayout, entryName, type ArchiveFormat, type LayoutVerdict } from '../../domain/layers/archive-layout.js';

/** More than a tar's end (1 kB of zeros, padded to 10 kB by some tools). */
const HOLD_BYTES = 1 << 20;
const SMALL_ENTRY = 64 << 10;
const SMALL_TOTAL = 16 << 20;

export class ArchiveCheckError extends Error {
  constructor(
    readonly problem: 'not-archive' | 'truncated',
    readonly detail: string,
    readonly format?: ArchiveFormat,
  ) {
    super(detail);
    this.name = 'ArchiveCheckError';
  }
}

type Compression = 'none' | 'gzip' | 'other';

function compressionOf(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'other';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'other';
  if (head.readUInt32LE(0) === 0xfd2fb528) return 'other'; // zstd
  return 'none';
}

export interface ArchiveGate {
  stream: Transform;
  /** The archive's format once the stream has ended (unknown for bzip2/xz/zstd, left to the engine). */
  format(): ArchiveFormat | undefined;
}

export async function archiveGate(): Promise<ArchiveGate> {
  // CommonJS: bundled, its exports sit on `default`; under tsx, on the module itself.
  const mod = (await import('tar-stream')) as typeof import('tar-stream') & { default?: typeof import('tar-stream') };
  const tar = mod.default ?? mod;
  const { createGunzip } = await import('node:zlib'); // here, so one-shot start-up does not load zlib
  const extract = tar.extract();
  const names = new Set<string>();
  const small = new Map<string, string>();
  let smallTotal = 0;
  let lastName = '';
  let failure: Error | null = null;
  let format: ArchiveFormat | undefined;
  let input: NodeJS.WritableStream = extract;
  let compression: Compression | null = null;
  /** The transform step that waits for the checker to drain; errors wake it too. */
  let waiting: (() => void) | null = null;

  extract.on('entry', (header: TarHeader, body, next) => {
    const name = entryName(header.name);
    names.add(name);
    lastName = name;
    const keep = header.type === 'file' && (header.size ?? 0) <= SMALL_ENTRY && smallTotal < SMALL_TOTAL &&
      (name === 'manifest.json' || name === 'index.json' || name.startsWith('blobs/'));
    const chunks: Buffer[] = [];
    body.on('data', (c: unknown) => keep && chunks.push(c as Buffer));
    body.on('error', () => {}); // reported by `extract` itself
    body.on('end', () => {
      if (keep) {
        const text = Buffer.concat(chunks).toString('utf8');
        smallTotal += text.length;
        small.set(name, text);
      }
      next();
    });
  });
  let settle = () => {};
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const fail = (e: Error) => {
    failure ??= e;
    settle();
    waiting?.();
  };
  extract.on('finish', () => settle());
  extract.on('error', fail);

  const held: Buffer[] = [];
  let heldBytes = 0;

  const verdict = (): LayoutVerdict => {
    if (failure) {
      // Nothing readable at all is not an archive; a good start that breaks off is a torn one.
      return names.size === 0
        ? { ok: false, problem: 'not-archive', detail: 'it is not a tar archive' }
        : { ok: false, problem: 'truncated', detail: `it breaks off at ${lastName}` };
    }
    return checkLayout({ names, small });
  };

  const stream = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (compression === null) {
        compression = compressionOf(chunk);
        if (compression === 'gzip') {
          const gunzip = createGunzip();
          gunzip.on('error', fail);
          gunzip.pipe(extract);
          input = gunzip;
        }
      }
      if (failure) return done(toError(verdict()));
      held.push(chunk);
      heldBytes += chunk.length;
      while (held.length > 1 && heldBytes - held[0].length >= HOLD_BYTES) {
        const first = held.shift()!;
        heldBytes -= first.length;
        this.push(first);
      }
      if (compression === 'other') return done();
      // Respect the checker's pace, so a slow check holds memory to its buffer, not the file.
      if (input.write(chunk)) return done();
      waiting = () => {
        waiting = null;
        done(failure ? toError(verdict()) : undefined);
      };
      input.once('drain', () => waiting?.());
    },
    flush(done: TransformCallback) {
      const release = () => {
        for (const c of held) this.push(c);
        done();
      };
      if (compression === 'other') return release();
      input.end();
      void finished.then(() => {
        const v = verdict();
        if (!v.ok) return done(toError(v));
        format = v.format;
        release();
      });
    },
  });
  return { stream, format: () => format };
}

function toError(v: LayoutVerdict): ArchiveCheckError {
  if (v.ok) throw new Error('not an error');
  return new ArchiveCheckError(v.problem, v.detail, v.format);
}
