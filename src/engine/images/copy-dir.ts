// `cp IMAGE:/DIR DEST`, as `docker cp` does it: the engine's archive of the path in a created (never
// started) container of the image, written out as a folder or passed on as a tar.
import { createWriteStream } from 'node:fs';
import { link, mkdir, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import type { Endpoint } from '../../domain/connection/endpoint.js';
import { DEBUG_LABEL, debugLabelValue } from '../debug/debug-labels.js';
import { createContainer, getArchive, removeContainerQuietly } from '../api/containers.js';

export interface DirCopy {
  files: number;
  bytes: number;
  /** Device nodes and fifos: a copy cannot hold them. */
  skipped: number;
}

/** The engine's tar of `/path` in `image`; the container it reads goes when `use` is done. */
async function withArchive<T>(endpoint: Endpoint, image: string, path: string, use: (tar: Readable) => Promise<T>): Promise<T> {
  const id = await createContainer(endpoint, { Image: image, Entrypoint: ['/imgsh-cp'], Cmd: [], Labels: { [DEBUG_LABEL]: debugLabelValue() } });
  try {
    return await use(await getArchive(endpoint, id, `/${path}`));
  } finally {
    await removeContainerQuietly(endpoint, id);
  }
}

/** The path as a tar, to `out` (`cp IMAGE:/PATH -`). */
export function copyTarTo(endpoint: Endpoint, image: string, path: string, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  return withArchive(endpoint, image, path, (tar) => pipeline(tar, out as Writable, { signal, end: false }));
}

/**
 * The directory `/path` of `image` written to `target` (which must not exist), through a
 * temporary folder beside it that is renamed when complete and removed on any failure. No entry
 * lands outside it; links keep their targets as they are in the image.
 */
export async function copyDirTo(endpoint: Endpoint, image: string, path: string, target: string, signal?: AbortSignal): Promise<DirCopy> {
  if (await stat(target).then(() => true, () => false)) throw new Error(`${target} exists: remove it or give another DEST`);
  const tmp = join(dirname(target), `.${basename(target)}.imgsh-${process.pid}.tmp`);
  const result: DirCopy = { files: 0, bytes: 0, skipped: 0 };
  try {
    await mkdir(tmp);
    await withArchive(endpoint, image, path, (tar) => unpack(tar, tmp, result, signal));
    await rename(tmp, target);
    return result;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Writes the archive's entries (its first component is the copied directory) under `root`. */
function unpack(tar: Readable, root: string, result: DirCopy, signal?: AbortSignal): Promise<void> {
  const inside = (name: string): string | null => {
    const rest = name.replace(/^\/+/, '').split('/').slice(1).join('/');
    const to = resolve(root, rest);
    return to === root || to.startsWith(root + sep) ? to : null;
  };
  return new Promise((done, fail) => {
    const ex = extract();
    ex.on('entry', (header, body, next) => {
      const write = async () => {
        const to = inside(header.name);
        if (to === null) throw new Error(`the archive's entry ${header.name} points outside the copy: nothing copied`);
        const mode = (header.mode ?? 0o644) & 0o7777;
        if (header.type === 'directory') await mkdir(to, { recursive: true, mode: mode | 0o700 });
        else if (header.type === 'file') {
          await mkdir(dirname(to), { recursive: true });
          await pipeline(body, createWriteStream(to, { mode }), { signal });
          result.files++;
          result.bytes += header.size ?? 0;
          return;
        } else if (header.type === 'symlink') await symlink(header.linkname ?? '', to);
        else if (header.type === 'link') {
          const from = inside(header.linkname ?? '');
          if (from === null || relative(root, from).startsWith('..')) throw new Error(`the hard link ${header.name} points outside the copy: nothing copied`);
          await link(from, to);
        } else result.skipped++;
        body.resume();
      };
      write().then(() => next(), (e: Error) => (body.resume(), ex.destroy(e)));
    });
    ex.on('finish', done);
    ex.on('error', fail);
    tar.on('error', fail);
    signal?.addEventListener('abort', () => ex.destroy(new Error('cp cancelled')), { once: true });
    tar.pipe(ex);
  });
}
