import { Text } from 'ink';
import { cellWidth, lineWindow } from '../../domain/text/cell-width.js';
import { lineOf, type LineEdit } from '../../domain/text/line-editor.js';
import type { HistoryFind } from '../../store/prompt.js';
import { color, useTheme } from '../context.js';

/**
 * A prompt's line: `lead` (`:` or `/`), the text scrolled around the cursor to fit `width`
 * cells, the cursor inverse; during Ctrl-R, bash's `(reverse-i-search)'…': ` and the line found.
 */
export function LineView({ lead, line, width, find, found, tail = '' }: { lead: string; line: LineEdit; width: number; find?: HistoryFind | null; found?: string; tail?: string }) {
  const theme = useTheme();
  const head = find ? `(${find.query && found === undefined ? 'failed ' : ''}reverse-i-search)'${find.query}': ` : lead;
  const shown = find ? lineOf(found ?? '') : line;
  const after = find ? '' : tail;
  const w = lineWindow(shown, Math.max(4, width - cellWidth(head) - Math.min(cellWidth(after), Math.floor(width / 3))));
  return (
    <Text wrap="truncate">
      <Text color={color(theme.accent)}>{head}</Text>
      {w.before}
      <Text inverse>{w.at}</Text>
      {w.after}
      {after && <Text color={color(theme.muted)}>{after}</Text>}
    </Text>
  );
}
