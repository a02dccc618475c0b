import type { ImageRow } from './image.js';

export const SORT_KEYS = ['created', 'size', 'name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length];
}

const compare: Record<SortKey, (a: ImageRow, b: ImageRow) => number> = {
  created: (a, b) => b.created - a.created || byName(a, b),
  size: (a, b) => b.size - a.size || byName(a, b),
  name: (a, b) => byName(a, b),
};

function byName(a: ImageRow, b: ImageRow): number {
  // `<none>` rows sort after named ones.
  if (a.dangling !== b.dangling) return a.dangling ? 1 : -1;
  return cmp(a.repository, b.repository) || cmp(a.tag, b.tag) || cmp(a.id, b.id);
}

// Code-point order, as docker sorts names; localeCompare (ICU) costs ~10× more per call.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `reverse`: the same order turned round (oldest, smallest, Z first). */
export function sortRows(rows: readonly ImageRow[], key: SortKey, reverse = false): ImageRow[] {
  const by = compare[key];
  return [...rows].sort(reverse ? (a, b) => by(b, a) : by);
}
