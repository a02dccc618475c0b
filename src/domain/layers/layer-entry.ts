/** One tar entry of a layer, as the index keeps it (contents are never kept, only their digest). */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Relative to the root, no leading `./` or `/`, no trailing `/`. */
  path: string;
  kind: EntryKind;
  size: number;
  mode: number;
  /** Symlink target, or the path a hard link points to. */
  target?: string;
  /** A regular file's contents (not empty): its sha256, the first 128 bits in base64url. */
  digest?: string;
}

export function entryPath(raw: string): string {
  return raw.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

export function entryKind(tarType: string | null | undefined): EntryKind {
  switch (tarType) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const OPAQUE = '.wh..wh..opq';
const WHITEOUT = '.wh.';

/** What a whiteout entry means: remove `path`, or empty directory `path` of what lower layers had. */
export type Whiteout = { kind: 'remove'; path: string } | { kind: 'opaque'; path: string } | { kind: 'meta' };

export function whiteoutOf(path: string): Whiteout | null {
  const name = baseName(path);
  if (!name.startsWith(WHITEOUT)) return null;
  const dir = parentOf(path);
  if (name === OPAQUE) return { kind: 'opaque', path: dir };
  // `.wh..wh.plnk` and friends are aufs bookkeeping, not removals.
  if (name.startsWith(`${WHITEOUT}${WHITEOUT}`)) return { kind: 'meta' };
  const removed = name.slice(WHITEOUT.length);
  return { kind: 'remove', path: dir ? `${dir}/${removed}` : removed };
}

/** `rwxr-xr-x` with a leading type letter, as `ls -l` shows it. */
export function formatMode(kind: EntryKind, mode: number): string {
  const type = kind === 'dir' ? 'd' : kind === 'symlink' ? 'l' : kind === 'hardlink' ? 'h' : '-';
  let s = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const bits = (mode >> shift) & 7;
    s += (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
  }
  return type + s;
}

/** False for paths with a `..` segment: they would climb out of the root when extracted. */
export function imagePathSafe(path: string): boolean {
  return !path.split('/').includes('..');
}
