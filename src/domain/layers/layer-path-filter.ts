import { extends_, isSubsequence, subsequenceRanges } from '../images/fuzzy.js';

/** The paths a query keeps, and the directories above them (so the tree still shows where they are). */
export interface PathFilterResult {
  /** The query's words, lower case. */
  readonly words: string[];
  /** How many paths matched (ancestors kept only for context are not counted). */
  readonly count: number;
  /** True for a matching path or a directory above one. */
  visible(path: string): boolean;
  /** `visible` for the i-th path given to the filter, without a lookup. */
  visibleAt(i: number): boolean;
  /** True for a path that matched itself. */
  matched(path: string): boolean;
  /** Ranges (inclusive) of the path's last component to highlight. */
  nameRanges(path: string): [number, number][];
}

/**
 * Fuzzy filter over a tree's paths (`usr/lib/x.py`, no leading slash). Every word of the
 * query must appear in order in `/path` (fzf-style, case-insensitive); a query that extends
 * the previous one searches only the previous matches, so typing narrows cheaply.
 */
export class PathFilter {
  private readonly ids = new Map<string, number>();
  /** `/path` lower case, for the paths given (ancestors made up for the tree come after them). */
  private readonly haystacks: string[];
  /** Index of each node's parent directory, −1 at the top. */
  private readonly parent: number[] = [];
  private last: { words: string[]; candidates: number[] } | null = null;

  constructor(private readonly paths: readonly string[]) {
    this.haystacks = paths.map((p) => `/${p}`.toLowerCase());
    paths.forEach((p, i) => this.ids.set(p, i));
    // Unknown ids of parents are resolved after every given path has its id.
    const count = paths.length;
    for (let i = 0; i < count; i++) this.parent.push(-1);
    for (let i = 0; i < count; i++) this.parent[i] = this.dirId(parentOf(paths[i]));
  }

  private dirId(path: string | null): number {
    if (path === null) return -1;
    const known = this.ids.get(path);
    if (known !== undefined) return known;
    const id = this.parent.length;
    this.ids.set(path, id);
    this.parent.push(-1);
    this.parent[id] = this.dirId(parentOf(path));
    return id;
  }

  /** null: an empty query, everything shows. */
  filter(query: string): PathFilterResult | null {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      this.last = null;
      return null;
    }
    const base = this.last && extends_(words, this.last.words) ? this.last.candidates : null;
    const candidates: number[] = [];
    const test = (i: number) => {
      const hay = this.haystacks[i];
      for (const w of words) if (!isSubsequence(w, hay)) return;
      candidates.push(i);
    };
    if (base) for (const i of base) test(i);
    else for (let i = 0; i < this.haystacks.length; i++) test(i);
    this.last = { words, candidates };

    const matched = new Uint8Array(this.parent.length);
    const visible = new Uint8Array(this.parent.length);
    for (const i of candidates) {
      matched[i] = 1;
      for (let at = i; at >= 0 && !visible[at]; at = this.parent[at]) visible[at] = 1;
    }
    const ids = this.ids;
    return {
      words,
      count: candidates.length,
      visible: (path) => {
        const id = ids.get(path);
        return id !== undefined && visible[id] === 1;
      },
      visibleAt: (i) => visible[i] === 1,
      matched: (path) => {
        const id = ids.get(path);
        return id !== undefined && matched[id] === 1;
      },
      nameRanges: (path) => nameRanges(path, words),
    };
  }
}

function parentOf(path: string): string | null {
  const i = path.lastIndexOf('/');
  return i < 0 ? null : path.slice(0, i);
}

/**
 * Where the words fall in the path's last component: a word that fits in the name is
 * highlighted there; one that needed the directories shows only the part in the name.
 */
export function nameRanges(path: string, words: readonly string[]): [number, number][] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const lowerName = name.toLowerCase();
  const hay = `/${path}`.toLowerCase();
  const offset = hay.length - name.length;
  const out: [number, number][] = [];
  for (const w of words) {
    const inName = subsequenceRanges(w, lowerName);
    if (inName) {
      out.push(...inName);
      continue;
    }
    for (const [a, b] of subsequenceRanges(w, hay) ?? []) {
      if (b >= offset) out.push([Math.max(a, offset) - offset, b - offset]);
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}
