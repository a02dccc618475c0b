import { Text } from 'ink';
import { memo } from 'react';
import type { Highlights } from '../../domain/images/fuzzy.js';
import type { ImageRow } from '../../domain/images/image.js';
import type { Theme } from '../../shell/theme.js';
import { color } from '../context.js';
import { fit, highlightSpans, type Span } from '../text.js';
import { cellText, COLUMN_GAP, type Column, type ColumnId } from './columns.js';

interface Props {
  row: ImageRow;
  highlights: Highlights;
  columns: Column[];
  selected: boolean;
  marked: boolean;
  theme: Theme;
  nowMs: number;
}

const MATCHABLE = new Set<ColumnId>(['repository', 'tag', 'shortId']);

/** The row's text as runs of matched and unmatched characters (few Ink nodes per row). */
function rowSpans(row: ImageRow, highlights: Highlights, columns: Column[], nowMs: number): Span[] {
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

/** One line of the Images list. Memoized: moving the cursor re-renders two rows, not the window. */
export const ImageRowView = memo(function ImageRowView({ row, highlights, columns, selected, marked, theme, nowMs }: Props) {
  const selectedStyle = theme.inverseSelection
    ? { inverse: true }
    : { color: color(theme.selectedFg), backgroundColor: color(theme.selectedBg) };
  const base = selected ? selectedStyle : { color: color(row.dangling ? theme.muted : theme.text) };
  // On the selected row the match colour may vanish into the background: underline instead.
  const hitStyle = selected ? { bold: true, underline: true } : { bold: true, color: color(theme.match) };
  return (
    <Text wrap="truncate" {...base}>
      <Text bold color={selected ? undefined : color(theme.marked)}>
        {/* The › keeps the selection visible where colour is off (NO_COLOR, a dumb terminal). */}
        {marked ? '*' : ' '}
        {selected ? '›' : ' '}
      </Text>
      {rowSpans(row, highlights, columns, nowMs).map((span, i) =>
        span.hit ? (
          <Text key={i} {...hitStyle}>
            {span.text}
          </Text>
        ) : (
          span.text
        ),
      )}
    </Text>
  );
});
