// On the way to a containerd-store engine, an OCI archive's index.json gets docker's names for its
// manifests (domain/images/oci-index-names.ts says why). The archive passes block by block; only
// that one small entry is held, rewritten and sent with a new header. Anything it cannot read
// plainly (compressed, pax or GNU headers before index.json) passes as it is.
import { Transform, type TransformCallback } from 'node:stream';
import { qualifyIndexNames } from '../../domain/images/oci-index-names.js';

const BLOCK = 512;
const MAX_INDEX = 64 << 10;
const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;

/** Name (ustar prefix/name), type flag and size of a plain ustar header, or null for a zero block. */
function readHeader(h: Buffer): { name: string; flag: string; size: number } | null {
  if (h.every((b) => b === 0)) return null;
  const text = (from: number, to: number) => h.toString('latin1', from, to).replace(/\0.*$/s, '');
  const prefix = h.toString('latin1', 257, 263).startsWith('ustar') ? text(345, 500) : '';
  const name = (prefix ? `${prefix}/` : '') + text(0, 100);
  // base-256 (a high bit) is GNU's, for sizes no index.json has: read as not ours
  const size = h[124] & 0x80 ? -1 : parseInt(text(124, 136).trim() || '0', 8);
  return { name, flag: String.fromCharCode(h[156]), size };
}

/** The header with a new size and its checksum done again. */
function resized(h: Buffer, size: number): Buffer {
  const out = Buffer.from(h);
  out.write(size.toString(8).padStart(11, '0') + '\0', 124, 12, 'latin1');
  out.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of out) sum += b;
  out.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return out;
}

/** gzip, bzip2, xz or zstd: the engine's to read. */
function compressed(head: Buffer): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  return starts(0x1f, 0x8b) || starts(0x42, 0x5a, 0x68) || starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) || starts(0x28, 0xb5, 0x2f, 0xfd);
}

export function ociNamesFilter(): Transform {
  let pending = Buffer.alloc(0);
  /** Bytes of the current entry's body (and padding) still to pass, or to hold. */
  let left = 0;
  let holding: { header: Buffer; size: number; chunks: Buffer[] } | null = null;
  let plain = true; // false: from here on everything passes as it is
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (first) {
        first = false;
        if (compressed(chunk)) plain = false;
      }
      if (!plain) return done(null, chunk);
      let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      while (buf.length > 0 && plain) {
        if (left > 0) {
          const n = Math.min(left, buf.length);
          if (holding) holding.chunks.push(Buffer.from(buf.subarray(0, n)));
          else this.push(buf.subarray(0, n));
          left -= n;
          buf = buf.subarray(n);
          if (left === 0 && holding) {
            const held = Buffer.concat(holding.chunks);
            const renamed = qualifyIndexNames(held.subarray(0, holding.size).toString('utf8'));
            if (renamed === null) this.push(Buffer.concat([holding.header, held]));
            else {
              const out = Buffer.from(renamed, 'utf8');
              this.push(Buffer.concat([resized(holding.header, out.length), out, Buffer.alloc(padded(out.length) - out.length)]));
            }
            holding = null;
          }
          continue;
        }
        if (buf.length < BLOCK) {
          pending = Buffer.from(buf);
          break;
        }
        const header = buf.subarray(0, BLOCK);
        buf = buf.subarray(BLOCK);
        const h = readHeader(header);
        if (!h || h.size < 0 || ['x', 'g', 'L', 'K'].includes(h.flag)) {
          // the end, or headers this does not follow: the rest as it is
          plain = false;
          this.push(header);
          break;
        }
        left = padded(h.size);
        const name = h.name.replace(/^\.\//, '');
        if (name === 'index.json' && (h.flag === '0' || h.flag === '\0') && h.size > 0 && h.size <= MAX_INDEX) {
          holding = { header: Buffer.from(header), size: h.size, chunks: [] };
        } else this.push(header);
      }
      if (!plain && buf.length) this.push(buf);
      done();
    },
    flush(done: TransformCallback) {
      // cut short inside index.json: what came, as it came (the engine says what is wrong)
      if (holding) this.push(Buffer.concat([holding.header, ...holding.chunks]));
      done(null, pending.length ? pending : undefined);
    },
  });
}
