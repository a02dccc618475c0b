// What changed between two images' final filesystems (issue #13: `imgsh diff A B`): files
// added, removed and changed, with sizes before and after, grouped by top folder. A file counts
// as changed when its kind, size, mode, link target or contents digest differ (a file without
// a digest: when a layer only one image has wrote it). Directories count only for their kind
// and mode.
import type { LayerEntry } from './layer-entry.js';
import { mergedUpTo } from './layer-changes.js';

export type DiffChange = 'added' | 'removed' | 'changed';

/** One side of a changed path. */
export interface DiffSide {
  kind: LayerEntry['kind'];
  size: number;
  mode: number;
  target?: string;
  /** A regular file's contents digest (see LayerEntry). */
  digest?: string;
}

export interface DiffEntry {
  path: string;
  change: DiffChange;
  before?: DiffSide;
  after?: DiffSide;
}

export interface DiffGroup {
  /** The path's first part (`usr`), or `/` for files at the root. */
  folder: string;
  /** Bytes after minus bytes before, over this folder's entries. */
  growth: number;
  /** Largest first (the larger of before and after). */
  entries: DiffEntry[];
}

export interface ImageDiff {
  added: number;
  removed: number;
  changed: number;
  /** Bytes of regular files in each image's final filesystem. */
  bytesBefore: number;
  bytesAfter: number;
  /** bytesAfter − bytesBefore. */
  growth: number;
  /** Largest growth first (then name). */
  groups: DiffGroup[];
}

/** An image's layers as the diff needs them: each layer's digest and entries, bottom first. */
export interface DiffLayers {
  digests: readonly string[];
  entries: readonly (readonly LayerEntry[])[];
}

interface Final {
  entry: LayerEntry;
  /** The digest of the layer that wrote it. */
  layer: string;
}

function finalFiles(image: DiffLayers): Map<string, Final> {
  const out = new Map<string, Final>();
  for (const [path, owned] of mergedUpTo(image.entries, image.entries.length - 1)) {
    out.set(path, { entry: owned.entry, layer: image.digests[owned.layer] ?? `#${owned.layer}` });
  }
  return out;
}

function side(e: LayerEntry): DiffSide {
  const out: DiffSide = { kind: e.kind, size: e.size, mode: e.mode };
  if (e.target !== undefined) out.target = e.target;
  if (e.digest !== undefined) out.digest = e.digest;
  return out;
}
const fileBytes = (e: LayerEntry | undefined) => (e && e.kind === 'file' ? e.size : 0);

function differs(a: Final, b: Final): boolean {
  const x = a.entry;
  const y = b.entry;
  if (x.kind !== y.kind || x.mode !== y.mode) return true;
  if (x.kind === 'dir') return false;
  if (x.size !== y.size || x.target !== y.target) return true;
  // contents digested on both sides decide; else a layer only one image has may hide new contents
  if (x.digest !== undefined && y.digest !== undefined) return x.digest !== y.digest;
  return x.kind === 'file' && x.size > 0 ? a.layer !== b.layer : false;
}

/** The path's top folder: a folder at the root is its own, a file at the root is `/`'s. */
function folderOf(e: DiffEntry): string {
  const i = e.path.indexOf('/');
  if (i >= 0) return e.path.slice(0, i);
  return (e.after ?? e.before)?.kind === 'dir' ? e.path : '/';
}

/** The difference from image `a` to image `b`. */
export function diffImages(a: DiffLayers, b: DiffLayers): ImageDiff {
  const before = finalFiles(a);
  const after = finalFiles(b);
  const entries: DiffEntry[] = [];
  for (const [path, was] of before) {
    const now = after.get(path);
    if (!now) entries.push({ path, change: 'removed', before: side(was.entry) });
    else if (differs(was, now)) entries.push({ path, change: 'changed', before: side(was.entry), after: side(now.entry) });
  }
  for (const [path, now] of after) if (!before.has(path)) entries.push({ path, change: 'added', after: side(now.entry) });
  let bytesBefore = 0;
  let bytesAfter = 0;
  for (const f of before.values()) bytesBefore += fileBytes(f.entry);
  for (const f of after.values()) bytesAfter += fileBytes(f.entry);
  const byFolder = new Map<string, DiffEntry[]>();
  for (const e of entries) {
    const folder = folderOf(e);
    const list = byFolder.get(folder);
    if (list) list.push(e);
    else byFolder.set(folder, [e]);
  }
  const weight = (e: DiffEntry) => Math.max(e.before?.size ?? 0, e.after?.size ?? 0);
  const growthOf = (e: DiffEntry) => (e.after?.kind === 'file' ? e.after.size : 0) - (e.before?.kind === 'file' ? e.before.size : 0);
  const groups = [...byFolder].map(([folder, list]): DiffGroup => ({
    folder,
    growth: list.reduce((sum, e) => sum + growthOf(e), 0),
    entries: list.sort((x, y) => weight(y) - weight(x) || (x.path < y.path ? -1 : 1)),
  }));
  groups.sort((x, y) => Math.abs(y.growth) - Math.abs(x.growth) || (x.folder < y.folder ? -1 : 1));
  const count = (c: DiffChange) => entries.filter((e) => e.change === c).length;
  return { added: count('added'), removed: count('removed'), changed: count('changed'), bytesBefore, bytesAfter, growth: bytesAfter - bytesBefore, groups };
}
