// The file side of save and load: an archive written beside its target and renamed into place
// when complete (so the target is never half-written), and files opened for reading.
import { createWriteStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { fileProblem } from '../../domain/text/file-errors.js';
import { isConnectionReset, unreachableFrom } from '../transport/errors.js';

/** A failure with a message ready for the user; `cancelled` when the signal caused it. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly cancelled = false,
    /** The file system's errno code (ENOENT, EACCES), or EISDIR for a folder. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

/** `.FILE.imgsh-tmp-<pid>` beside FILE. */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.imgsh-tmp-${process.pid}`);
}

/** What is at `file` now: nothing, a file, or something that cannot be overwritten. */
export async function targetState(file: string): Promise<'absent' | 'file'> {
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new ArchiveError(`cannot save to ${file}: it is a directory: give a file name`);
    return 'file';
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    if (code(e) === 'ENOENT') return 'absent';
    throw new ArchiveError(`cannot save to ${file}: ${fileProblem(code(e), file, true) ?? (e as Error).message}`);
  }
}

export interface WriteOptions {
  signal: AbortSignal;
  /** The engine sending the archive: a dropped connection is said as for every other operation. */
  endpoint: Endpoint;
  onBytes?(written: number): void;
}

/** Creates the temp file now, so a bad path fails before the engine is asked for anything. */
export async function createArchiveFile(file: string): Promise<ArchiveTarget> {
  const temp = tempPathFor(file);
  try {
    const handle = await open(temp, 'w', 0o666);
    await handle.close();
  } catch (e) {
    throw new ArchiveError(`cannot save to ${file}: ${fileProblem(code(e), file, true) ?? (e as Error).message}`);
  }
  return new ArchiveTarget(file, temp);
}

export class ArchiveTarget {
  constructor(
    readonly file: string,
    readonly temp: string,
  ) {}

  /** Streams `source` into the temp file, then renames it over the target. Returns bytes written. */
  async write(source: NodeJS.ReadableStream, opts: WriteOptions): Promise<number> {
    let written = 0;
    source.on('data', (chunk: Buffer) => opts.onBytes?.((written += chunk.length)));
    try {
      // 1 MiB writes: fewer system calls than the 16 kB default, still bounded memory.
      const out = createWriteStream(this.temp, { flags: 'w', highWaterMark: 1 << 20 });
      await pipeline(source, out, { signal: opts.signal });
      await rename(this.temp, this.file);
      return written;
    } catch (e) {
      await this.discard();
      if (opts.signal.aborted) throw new ArchiveError('save cancelled', true);
      const problem = fileProblem(code(e), this.file, true);
      if (problem) throw new ArchiveError(`cannot save to ${this.file}: ${problem} (the partial archive was removed)`);
      if (isConnectionReset(e)) throw new ArchiveError(`${unreachableFrom(opts.endpoint, e).message} (${this.file} was not written)`);
      throw new ArchiveError(
        `the engine stopped sending the archive before it was complete (${(e as Error).message}): ${this.file} was not written`,
      );
    }
  }

  /** Removes the temp file; the target is untouched. */
  async discard(): Promise<void> {
    await unlink(this.temp).catch(() => {});
  }
}

/** A file to load: its stream and size; a clear message when it cannot be read. */
export async function openArchiveFile(file: string): Promise<{ stream: NodeJS.ReadableStream; size: number }> {
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new ArchiveError(`cannot load ${file}: it is a directory: give an archive file`, false, 'EISDIR');
    const handle = await open(file, 'r');
    return { stream: handle.createReadStream({ highWaterMark: 1 << 20 }), size: st.size };
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    throw new ArchiveError(`cannot load ${file}: ${fileProblem(code(e), file, false) ?? (e as Error).message}`, false, code(e));
  }
}
