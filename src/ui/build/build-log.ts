// The Build pane's log window: which lines show, and `/` search over the selected step's log.
import type { BuildView } from '../../store/build.js';

export interface LogLine {
  text: string;
  stderr?: boolean;
}

/** Indices of the lines containing `query` (case-insensitive); none for an empty query. */
export function logMatches(lines: readonly LogLine[], query: string): number[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const out: number[] = [];
  lines.forEach((l, i) => l.text.toLowerCase().includes(q) && out.push(i));
  return out;
}

/** The match after (dir 1) or before (dir -1) line `from`, wrapping; `inclusive` takes `from` itself. */
export function nextMatch(matches: readonly number[], from: number, dir: 1 | -1, inclusive = false): number | null {
  if (!matches.length) return null;
  if (dir === 1) return matches.find((m) => (inclusive ? m >= from : m > from)) ?? matches[0];
  return [...matches].reverse().find((m) => (inclusive ? m <= from : m < from)) ?? matches[matches.length - 1];
}

/** The first line shown: `top` kept in range, or the end when following (null). */
export function logTop(top: number | null | undefined, rows: number, total: number): number {
  const last = Math.max(0, total - rows);
  return top === null || top === undefined ? last : Math.max(0, Math.min(last, top));
}

/** A `top` that shows `line` about a third of the way down. */
export function topShowing(line: number, rows: number, total: number): number {
  return logTop(line - Math.floor(rows / 3), rows, total);
}

/** The selected step's log lines. */
export function selectedLog(view: BuildView): LogLine[] {
  return view.snapshot?.steps[view.selected]?.log ?? [];
}
