// An image's files as `docker save` has them, read by the tests themselves (tar-stream, not
// imgsh's layer index): each layer's entries, and the final filesystem with its whiteouts applied.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { docker } from './engine.js';

export interface TarFile {
  name: string;
  type: string;
  size: number;
  mode: number;
  linkname?: string;
  body: Buffer;
}

export async function readTar(data: Buffer): Promise<TarFile[]> {
  const out: TarFile[] = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.push({ name: h.name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, ''), type: h.type ?? 'file', size: h.size ?? 0, mode: (h.mode ?? 0) & 0o7777, linkname: h.linkname ?? undefined, body: Buffer.concat(chunks) });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data);
  await done;
  return out;
}

export interface SavedFile {
  kind: string;
  size: number;
  mode: number;
  target?: string;
  sha: string;
}

/** A copy of a file a later layer replaced or removed: its size and the two layers (0-based). */
export interface UndoneCopy {
  path: string;
  bytes: number;
  written: number;
  gone: number;
}

/** An image's final files, and every copy a later layer undid, from `docker save` by the test's own reading. */
export async function savedImage(ref: string, dir: string): Promise<{ files: Map<string, SavedFile & { layer: number }>; undone: UndoneCopy[] }> {
  const file = join(dir, `${ref.replace(/\W/g, '_')}.tar`);
  await docker(['save', '-o', file, ref]);
  const outer = new Map((await readTar(readFileSync(file))).map((f) => [f.name, f.body]));
  const manifest = JSON.parse(outer.get('manifest.json')!.toString('utf8'))[0] as { Layers: string[] };
  const files = new Map<string, SavedFile & { layer: number }>();
  const undone: UndoneCopy[] = [];
  const undo = (path: string, layer: number) => {
    const f = files.get(path)!;
    if (f.kind === 'file' && f.size > 0 && f.layer < layer) undone.push({ path, bytes: f.size, written: f.layer, gone: layer });
    files.delete(path);
  };
  for (const [layer, name] of manifest.Layers.entries()) {
    const entries = await readTar(outer.get(name)!);
    for (const e of entries) {
      const base = e.name.slice(e.name.lastIndexOf('/') + 1);
      const parent = e.name.includes('/') ? e.name.slice(0, e.name.lastIndexOf('/')) : '';
      if (base === '.wh..wh..opq') {
        for (const p of [...files.keys()]) if (p.startsWith(`${parent}/`)) undo(p, layer);
      } else if (base.startsWith('.wh.')) {
        const gone = (parent ? `${parent}/` : '') + base.slice(4);
        for (const p of [...files.keys()]) if (p === gone || p.startsWith(`${gone}/`)) undo(p, layer);
      }
    }
    for (const e of entries) {
      const base = e.name.slice(e.name.lastIndexOf('/') + 1);
      if (base.startsWith('.wh.') || !e.name) continue;
      const kind = e.type === 'directory' ? 'dir' : e.type === 'symlink' ? 'symlink' : e.type === 'link' ? 'hardlink' : e.type === 'file' ? 'file' : 'other';
      if (files.has(e.name)) undo(e.name, layer);
      files.set(e.name, { kind, size: kind === 'file' ? e.size : 0, mode: e.mode, target: e.linkname || undefined, sha: createHash('sha256').update(e.body).digest('hex'), layer });
    }
  }
  return { files, undone };
}

/** An image's final files, from `docker save`, by the test's own reading. */
export async function finalFiles(ref: string, dir: string): Promise<Map<string, SavedFile>> {
  return (await savedImage(ref, dir)).files;
}
