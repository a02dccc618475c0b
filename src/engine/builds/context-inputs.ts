// The files of a build context a COPY or ADD takes, each with its size and content digest (for
// the build record, src/domain/builds/build-record.ts). `.dockerignore` applies as it does to
// what is sent; a source is a file, a folder (everything under it) or a pattern (Go's
// filepath.Match syntax, as docker reads it).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { IgnoreRules } from '../../domain/builds/build-ignore.js';
import type { StepInput } from '../../domain/builds/build-record.js';

/** Every file of the context that `.dockerignore` keeps, relative with `/` separators. */
export async function contextFiles(dir: string): Promise<string[]> {
  const ignore = new IgnoreRules(await readFile(join(dir, '.dockerignore'), 'utf8').catch(() => ''));
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const e of await readdir(at, { withFileTypes: true }).catch(() => [])) {
      const full = join(at, e.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (ignore.ignores(rel) && !(e.isDirectory() && ignore.hasExceptions())) continue;
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && !ignore.ignores(rel)) out.push(rel);
    }
  };
  await walk(dir);
  return out.sort();
}

function digestOf(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(`sha256:${hash.digest('hex')}`))
      .on('error', reject);
  });
}

/** The context files the sources name, with sizes and digests, sorted by path. */
export async function sourceInputs(dir: string, files: readonly string[], sources: readonly string[]): Promise<StepInput[]> {
  const rules = sources.map((s) => new IgnoreRules(s.replace(/^\.?\/+/, '') || '**'));
  const taken = files.filter((f) => rules.some((r) => r.ignores(f)));
  return Promise.all(taken.map(async (path) => ({ path, size: (await stat(join(dir, path))).size, digest: await digestOf(join(dir, path)) })));
}
