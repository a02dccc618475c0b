import Fuse, { type FuseResultMatch, type IFuseOptions } from 'fuse.js';
import type { ImageRow } from './image.js';

/** Character ranges (inclusive) of a row's field that matched, for highlighting. */
export type Highlights = Partial<Record<HighlightField, [number, number][]>>;
type HighlightField = 'repository' | 'tag' | 'shortId';
const FIELDS: HighlightField[] = ['repository', 'tag', 'shortId'];

export interface SearchHit {
  row: ImageRow;
  highlights: Highlights;
}

interface Doc {
  repository: string;
  tag: string;
  shortId: string;
  id: string;
  labels: string;
}

const OPTIONS: IFuseOptions<Doc> = {
  keys: [
    { name: 'repository', weight: 3 },
    { name: 'tag', weight: 2 },
    { name: 'shortId', weight: 1 },
    { name: 'id', weight: 0.5 },
    { name: 'labels', weight: 0.5 },
  ],
  includeMatches: true,
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.6,
  useExtendedSearch: true,
};

/**
 * Above this many candidates Fuse's ranking costs more than a keystroke may (measured: Fuse over
 * 10k rows is 88 ms a query), so large sets are ranked by a cheap score instead.
 */
const FUSE_LIMIT = 150;

/**
 * Fuzzy search over rows. Every word of the query must appear in order (fzf-style) in the
 * row's repository, tag or labels, or as a substring of its id; a query that extends the previous one searches only
 * the previous candidates. Fuse ranks and highlights when the candidates are few.
 */
export class RowSearch {
  private readonly docs: Doc[];
  private readonly haystacks: string[];
  private readonly names: string[];
  private last: { words: string[]; candidates: number[] } | null = null;

  constructor(private readonly rows: readonly ImageRow[]) {
    this.docs = rows.map((r) => ({
      repository: r.repository,
      tag: r.tag,
      shortId: r.shortId,
      id: r.id.replace(/^sha256:/, ''),
      labels: Object.entries(r.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    }));
    this.names = this.docs.map((d) => `${d.repository}:${d.tag}`.toLowerCase());
    this.haystacks = this.docs.map((d, i) => `${this.names[i]} ${d.labels.toLowerCase()}`);
  }

  search(query: string): SearchHit[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      this.last = null;
      return this.rows.map((row) => ({ row, highlights: {} }));
    }
    const base = this.last && extends_(words, this.last.words) ? this.last.candidates : null;
    const pool = base ?? this.docs.map((_, i) => i);
    // Ids match as substrings: any few hex digits are a subsequence of almost every id.
    const candidates = pool.filter((i) => words.every((w) => isSubsequence(w, this.haystacks[i]) || this.docs[i].id.includes(w)));
    this.last = { words, candidates };
    return candidates.length <= FUSE_LIMIT ? this.rankWithFuse(candidates, words) : this.rankCheaply(candidates, words);
  }

  private rankWithFuse(candidates: number[], words: string[]): SearchHit[] {
    const docs = candidates.map((i) => this.docs[i]);
    const results = new Fuse(docs, OPTIONS).search(words.join(' '));
    const seen = new Set<number>();
    const hits: SearchHit[] = results.map((r) => {
      seen.add(r.refIndex);
      const row = this.rows[candidates[r.refIndex]];
      return { row, highlights: fuseHighlights(r.matches ?? []) };
    });
    // Fuse may score an in-order match above its threshold; it still matched, so it stays, last.
    candidates.forEach((i, k) => seen.has(k) || hits.push(this.cheapHit(i, words)));
    return hits;
  }

  private rankCheaply(candidates: number[], words: string[]): SearchHit[] {
    const scores = new Float64Array(this.docs.length);
    for (const i of candidates) scores[i] = cheapScore(this.names[i], words);
    const order = candidates.slice().sort((a, b) => scores[a] - scores[b] || a - b);
    return order.map((i) => this.cheapHit(i, words));
  }

  private cheapHit(i: number, words: string[]): SearchHit {
    return new LazyHit(this.rows[i], this.docs[i], words);
  }
}

/** Highlights are worked out on first read: only the rows on screen are ever read. */
class LazyHit implements SearchHit {
  private cached: Highlights | null = null;
  constructor(
    readonly row: ImageRow,
    private readonly doc: Doc,
    private readonly words: string[],
  ) {}
  get highlights(): Highlights {
    return (this.cached ??= greedyHighlights(this.doc, this.words));
  }
}

function greedyHighlights(doc: Doc, words: string[]): Highlights {
  const out: Highlights = {};
  for (const w of words) {
    for (const f of FIELDS) {
      const ranges = subsequenceRanges(w, doc[f].toLowerCase());
      if (ranges) {
        (out[f] ??= []).push(...ranges);
        break;
      }
    }
  }
  return out;
}

/** A query whose words each extend the previous query's words: its matches are among the previous ones. */
export function extends_(words: string[], previous: string[]): boolean {
  return words.length >= previous.length && previous.every((p, k) => words[k].startsWith(p));
}

export function isSubsequence(needle: string, hay: string): boolean {
  let at = -1;
  for (let j = 0; j < needle.length; j++) {
    at = hay.indexOf(needle[j], at + 1);
    if (at < 0) return false;
  }
  return true;
}

/** Greedy in-order match positions, merged into ranges; null when the needle is not in order. */
export function subsequenceRanges(needle: string, hay: string): [number, number][] | null {
  const ranges: [number, number][] = [];
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) {
    if (hay[i] !== needle[j]) continue;
    j++;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else ranges.push([i, i]);
  }
  return j === needle.length ? ranges : null;
}

/** Lower is better: words found as substrings of the name first, then tighter matches, then shorter names. */
function cheapScore(name: string, words: string[]): number {
  let score = name.length / 1000;
  for (const w of words) {
    if (!name.includes(w)) score += gaps(w, name);
  }
  return score;
}

/** How many separate runs an in-order match of needle in hay takes (10 when it is not in order). */
function gaps(needle: string, hay: string): number {
  let j = 0;
  let runs = 0;
  let prev = -2;
  for (let i = 0; i < hay.length && j < needle.length; i++) {
    if (hay.charCodeAt(i) !== needle.charCodeAt(j)) continue;
    if (i !== prev + 1) runs++;
    prev = i;
    j++;
  }
  return j === needle.length ? runs : 10;
}

function fuseHighlights(matches: readonly FuseResultMatch[]): Highlights {
  const out: Highlights = {};
  for (const m of matches) {
    if (m.key === 'repository' || m.key === 'tag' || m.key === 'shortId') {
      out[m.key] = m.indices.map(([a, b]) => [a, b] as [number, number]);
    }
  }
  return out;
}
