import { Text } from 'ink';
import { memo } from 'react';
import type { Highlights } from '../../domain/images/fuzzy.js';
import type { ImageRow } from '../../domain/images/image.js';
import type { Theme } from '../../shell/theme.js';
import { color } from '../context.js';
import type { Column } from './columns.js';
import { markText, rowSpans } from './row-spans.js';

interface Props {
  row: ImageRow;
  highlights: Highlights;
  columns: Column[];
  selected: boolean;
  marked: boolean;
  theme: Theme;
  nowMs: number;
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
        {markText(marked, selected)}
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
