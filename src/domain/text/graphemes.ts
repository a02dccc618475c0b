/** Grapheme clusters near a position, found by segmenting a small window rather than the whole text (lines may be 1 MB). */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** UTF-16 units segmented on each side of a position at first: far more than a cluster needs; doubled when short. */
const SPAN = 32;

function isRegionalIndicator(text: string, i: number): boolean {
  const low = text.charCodeAt(i + 1);
  return text.charCodeAt(i) === 0xd83c && low >= 0xdde6 && low <= 0xddff;
}

/**
 * A place at or before `i` to start segmenting from: not inside a surrogate pair and, inside a run of flag
 * letters (which pair up counting from the run's start), at the start of a pair.
 */
function resumePoint(text: string, i: number): number {
  if (i <= 0) return 0;
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff) i--;
  if (!isRegionalIndicator(text, i)) return i;
  let run = i;
  while (run >= 2 && isRegionalIndicator(text, run - 2)) run -= 2;
  return run + Math.floor((i - run) / 4) * 4;
}

/** Where clusters start in text[lo, hi) as the segmenter sees them when it starts at lo. */
function clusterStarts(text: string, lo: number, hi: number): number[] {
  const starts: number[] = [];
  for (const { index } of segmenter.segment(text.slice(lo, hi))) starts.push(lo + index);
  return starts;
}

/** `i`, or just past the surrogate pair it would cut: half a pair would end the cluster before it early. */
const wholeCodePoint = (text: string, i: number) => ((text.charCodeAt(i) & 0xfc00) === 0xdc00 ? i + 1 : i);

/** The grapheme boundary nearest `i` on one side, segmenting a window that widens until the answer is certain. */
export function boundaryNear(text: string, i: number, side: 'before' | 'atOrBefore' | 'after' | 'atOrAfter'): number {
  for (let span = SPAN; ; span *= 2) {
    const lo = resumePoint(text, i - span);
    const hi = Math.min(text.length, wholeCodePoint(text, i + span));
    const found = clusterStarts(text, lo, hi);
    if (hi === text.length) found.push(hi);
    // From lo > 0 the first cluster may be the tail of one that began earlier (half an emoji ZWJ sequence), so where
    // it ends may be wrong; every boundary after that one is right, and none is missing.
    const known = lo === 0 ? -1 : (found[1] ?? Infinity);
    const sure = found.filter((b) => b > known);
    let pick: number | undefined;
    if (side === 'before') pick = sure.findLast((b) => b < i);
    else if (side === 'atOrBefore') pick = sure.findLast((b) => b <= i);
    else if (side === 'after' ? i >= known : i > known) pick = sure.find((b) => (side === 'after' ? b > i : b >= i));
    if (pick !== undefined) return pick;
  }
}

export function settle(text: string, i: number, side: 'atOrBefore' | 'atOrAfter'): number {
  return i <= 0 || i >= text.length ? Math.max(0, Math.min(i, text.length)) : boundaryNear(text, i, side);
}

/** The grapheme clusters from `start` (a boundary) to the end, segmented a window at a time. */
export function* graphemesAfter(text: string, start: number): Generator<string> {
  for (let pos = start, span = SPAN * 4; pos < text.length; ) {
    const hi = Math.min(text.length, wholeCodePoint(text, pos + span));
    const bounds = clusterStarts(text, pos, hi);
    // the last cluster of a window may go on past it
    if (hi === text.length) bounds.push(hi);
    if (bounds.length < 2) span *= 2;
    for (let k = 0; k < bounds.length - 1; k++) yield text.slice(bounds[k], bounds[k + 1]);
    pos = bounds[bounds.length - 1];
  }
}

/** The grapheme clusters before `end` (a boundary), nearest first. */
export function* graphemesBefore(text: string, end: number): Generator<string> {
  for (let pos = end, span = SPAN * 4; pos > 0; ) {
    const lo = resumePoint(text, pos - span);
    const found = clusterStarts(text, lo, pos);
    // as in boundaryNear: from lo > 0 only the boundaries after the first cluster's end are certain
    const bounds = [...(lo === 0 ? found : found.slice(2)), pos];
    if (bounds.length < 2) span *= 2;
    for (let k = bounds.length - 2; k >= 0; k--) yield text.slice(bounds[k], bounds[k + 1]);
    pos = bounds[0];
  }
}
