import type { Highlights } from '../../domain/images/fuzzy.js';
import type { ImageRow } from '../../domain/images/image.js';
import { fit, highlightSpans, type Span } from '../text.js';
import { cellText, COLUMN_GAP, type Column, type ColumnId } from './columns.js';

const MATCHABLE = new Set<ColumnId>(['repository', 'tag', 'shortId']);

/** The row's text as runs of matched and unmatched characters (few Ink nodes per row). */
export function rowSpans(row: ImageRow, highlights: Highlights, columns: Column[], nowMs: number): Span[] {
  const spans: Span[] = [];
  const push = (span: Span) => {
    const last = spans[spans.length - 1];
    if (last && last.hit === span.hit) last.text += span.text;
    else spans.push({ ...span });
  };
  columns.forEach((col, i) => {
    if (i > 0) push({ text: COLUMN_GAP, hit: false });
    const text = cellText(row, col.id, nowMs, col.width);
    if (MATCHABLE.has(col.id)) highlightSpans(text, highlights[col.id as keyof Highlights], col.width).forEach(push);
    else push({ text: fit(text, col.width, col.align), hit: false });
  });
  return spans;
}

/** The mark column: `*` when marked, `›` on the selected row (it shows where colour is off: NO_COLOR, a dumb terminal). */
export function markText(marked: boolean, selected: boolean): string {
  return `${marked ? '*' : ' '}${selected ? '›' : ' '}`;
}
