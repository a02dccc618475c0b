import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { IgnoreRules } from '../../domain/builds/build-ignore.js';

/** Bad input to a build (no context, no Dockerfile): one line telling what to do. */
export class BuildInputError extends Error {}

export interface ContextSpec {
  /** The context directory. */
  dir: string;
  /** `-f`: a path (relative to the working directory), `-` for text given here, or undefined. */
  dockerfile?: string;
  /** The Dockerfile's text when it came from stdin. */
  dockerfileText?: string;
}

export interface PackedContext {
  tar: Readable;
  /** The Dockerfile's name inside the tar, for the `dockerfile` build option. */
  dockerfileName: string;
  dockerfileText: string;
  /** Where the Dockerfile is on disk (for `e` to edit it), or null when it came from stdin. */
  dockerfilePath: string | null;
}

const STDIN_NAME = '.imgsh-stdin.Dockerfile';

/** Checks the context and Dockerfile, reads `.dockerignore`, and streams the context as a tar. */
export async function packContext(spec: ContextSpec): Promise<PackedContext> {
  const dir = resolve(spec.dir);
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new BuildInputError(`build context "${spec.dir}" is not a directory: give the folder holding your Dockerfile`);
  let dockerfileName: string;
  let dockerfileText: string;
  let dockerfilePath: string | null = null;
  let extra: { name: string; text: string } | null = null;
  if (spec.dockerfile === '-') {
    dockerfileText = spec.dockerfileText ?? '';
    dockerfileName = STDIN_NAME;
    extra = { name: STDIN_NAME, text: dockerfileText };
  } else {
    const path = spec.dockerfile ? resolve(spec.dockerfile) : join(dir, 'Dockerfile');
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) {
      throw new BuildInputError(`no Dockerfile at ${spec.dockerfile ?? join(spec.dir, 'Dockerfile')}: give one with -f FILE (or -f - to read it from stdin)`);
    }
    dockerfileText = text;
    dockerfilePath = path;
    const rel = relative(dir, path);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      dockerfileName = STDIN_NAME;
      extra = { name: STDIN_NAME, text };
    } else dockerfileName = rel.split(sep).join('/');
  }
  if (!dockerfileText.trim()) throw new BuildInputError('the Dockerfile is empty: it needs at least a FROM line');
  const ignore = new IgnoreRules((await readFile(join(dir, '.dockerignore'), 'utf8').catch(() => '')) ?? '');
  // The Dockerfile and .dockerignore are always sent, as the docker CLI does.
  const keep = new Set([dockerfileName, '.dockerignore']);
  // the bundle sees tar-stream as CommonJS: its exports sit on `default`
  const mod = (await import('tar-stream')) as typeof import('tar-stream') & { default?: typeof import('tar-stream') };
  const tar = (mod.default ?? mod).pack();
  void (async () => {
    try {
      await addTree(tar, dir, '', (rel) => !keep.has(rel) && ignore.ignores(rel), ignore.hasExceptions());
      if (extra) await entry(tar, { name: extra.name, mode: 0o644 }, Buffer.from(extra.text));
      tar.finalize();
    } catch (err) {
      tar.destroy(err as Error);
    }
  })();
  return { tar: tar as unknown as Readable, dockerfileName, dockerfileText, dockerfilePath };
}

type Pack = ReturnType<typeof import('tar-stream').pack>;

function entry(tar: Pack, header: Parameters<Pack['entry']>[0], body: Buffer = Buffer.alloc(0)): Promise<void> {
  return new Promise((ok, fail) => {
    tar.entry(header, body, (err?: Error | null) => (err ? fail(err) : ok()));
  });
}

async function addTree(tar: Pack, root: string, rel: string, ignored: (rel: string) => boolean, exceptions: boolean): Promise<void> {
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const r = rel ? `${rel}/${name}` : name;
    const abs = join(root, r);
    const st = await lstat(abs);
    const skip = ignored(r);
    if (st.isDirectory()) {
      // an ignored folder is only walked when a `!` rule might bring something back
      if (skip && !exceptions) continue;
      if (!skip) await entry(tar, { name: r, type: 'directory', mode: st.mode & 0o7777, mtime: st.mtime });
      await addTree(tar, root, r, ignored, exceptions);
    } else if (skip) continue;
    else if (st.isSymbolicLink()) {
      await entry(tar, { name: r, type: 'symlink', linkname: await readlink(abs), mode: st.mode & 0o7777, mtime: st.mtime });
    } else if (st.isFile()) {
      await entry(tar, { name: r, mode: st.mode & 0o7777, mtime: st.mtime, size: st.size }, await readFile(abs));
    }
  }
}
