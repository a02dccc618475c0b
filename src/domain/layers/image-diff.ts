// What changed between two images' final filesystems (issue #13: `imgsh diff A B`): files
// added, removed and changed, with sizes before and after, grouped by top folder. A file counts
// as changed when its kind, size, mode, link target or contents digest differ (a file without
// a digest: when a layer only one image has wrote it). Directories count only for their kind
// and mode.
import type { LayerEntry } from './layer-entry.js';
import { MergedTree, stackLayers, type Owned } from './layer-changes.js';
import { fileDigestList } from './layer-index.js';

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

/** An image's layers as the diff needs them, bottom first: each layer's digest, entries and their contents digests (IndexedLayer.fileDigests). */
export interface DiffLayers {
  digests: readonly string[];
  entries: readonly (readonly LayerEntry[])[];
  fileDigests?: readonly (string | undefined)[];
}

/**
 * The two final filesystems. The layers both images start with are stacked once: what they
 * hold is the same object on both sides, which the comparison passes over at once.
 */
function finalFiles(a: DiffLayers, b: DiffLayers): [Map<string, Owned>, Map<string, Owned>] {
  let shared = 0;
  while (shared < a.digests.length && shared < b.digests.length && a.digests[shared] === b.digests[shared]) shared++;
  const base = stackLayers(new MergedTree(), a.entries, 0, shared);
  const before = stackLayers(new MergedTree(new Map(base.files)), a.entries, shared, a.entries.length);
  return [before.files, stackLayers(base, b.entries, shared, b.entries.length).files];
}

/** Contents digests of an image's files, by layer and path; a layer's are looked up the first time it is asked. */
class Digests {
  private readonly byLayer = new Map<number, Map<string, string>>();
  constructor(private readonly image: DiffLayers) {}

  of(owned: Owned): string | undefined {
    if (owned.entry.digest !== undefined) return owned.entry.digest;
    let paths = this.byLayer.get(owned.layer);
    if (!paths) {
      paths = new Map();
      const entries = this.image.entries[owned.layer];
      const digests = fileDigestList({ entries: entries as LayerEntry[], fileDigests: this.image.fileDigests?.[owned.layer] });
      if (digests) entries.forEach((e, i) => digests[i] && paths!.set(e.path, digests[i]));
      this.byLayer.set(owned.layer, paths);
    }
    return paths.get(owned.entry.path);
  }
}

function side(e: LayerEntry, digest: string | undefined): DiffSide {
  const out: DiffSide = { kind: e.kind, size: e.size, mode: e.mode };
  if (e.target !== undefined) out.target = e.target;
  if (digest !== undefined) out.digest = digest;
  return out;
}
const fileBytes = (e: LayerEntry | undefined) => (e && e.kind === 'file' ? e.size : 0);

/** Whether the path changed: kind, mode, size, link target, or (a file) its contents. */
function differs(x: LayerEntry, y: LayerEntry, contents: () => [string | undefined, string | undefined], sameLayer: boolean): boolean {
  if (x.kind !== y.kind || x.mode !== y.mode) return true;
  if (x.kind === 'dir') return false;
  if (x.size !== y.size || x.target !== y.target) return true;
  if (x.kind !== 'file' || x.size === 0 || sameLayer) return false;
  // contents digested on both sides decide; else a layer only one image has may hide new contents
  const [dx, dy] = contents();
  return dx === undefined || dy === undefined || dx !== dy;
}

/** The path's top folder: a folder at the root is its own, a file at the root is `/`'s. */
function folderOf(e: DiffEntry): string {
  const i = e.path.indexOf('/');
  if (i >= 0) return e.path.slice(0, i);
  return (e.after ?? e.before)?.kind === 'dir' ? e.path : '/';
}

/** The difference from image `a` to image `b`. */
export function diffImages(a: DiffLayers, b: DiffLayers): ImageDiff {
  const [before, after] = finalFiles(a, b);
  const [da, db] = [new Digests(a), new Digests(b)];
  const entries: DiffEntry[] = [];
  for (const [path, was] of before) {
    const now = after.get(path);
    if (now?.entry === was.entry) continue;
    if (!now) entries.push({ path, change: 'removed', before: side(was.entry, da.of(was)) });
    else if (differs(was.entry, now.entry, () => [da.of(was), db.of(now)], a.digests[was.layer] !== undefined && a.digests[was.layer] === b.digests[now.layer])) {
      entries.push({ path, change: 'changed', before: side(was.entry, da.of(was)), after: side(now.entry, db.of(now)) });
    }
  }
  for (const [path, now] of after) if (!before.has(path)) entries.push({ path, change: 'added', after: side(now.entry, db.of(now)) });
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
