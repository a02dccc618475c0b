// The Images pane's first frame as text, cell for cell and style for style what Ink draws for the
// same state (test/ui/first-frame.test.tsx holds the two side by side, each line through Ink's
// ANSI tokenizer): the same text functions, the same chalk styles nested as Ink nests its <Text>s.
// Ink's tokenizer itself is not used here: it makes an Intl.Segmenter as it loads (~25 ms).
// Only the state the app starts in is drawn.
import chalk from 'chalk';
import { NO_FILTERS } from '../../domain/images/filter.js';
import type { ImageRow } from '../../domain/images/image.js';
import type { Binding } from '../../shell/keymap.js';
import type { Theme } from '../../shell/theme.js';
import type { AppState } from '../../store/state.js';
import { layoutColumns } from '../images/columns.js';
import { columnTitlesText, listStatusText } from '../images/list-status.js';
import { markText, rowSpans } from '../images/row-spans.js';
import { fitHints, keyHints } from '../key-hints.js';
import { screenLayout } from '../layout.js';
import { statusParts } from '../status-text.js';
import { TAB_PREFIX, TABS, tabLabel } from '../tab-labels.js';
import { truncate } from '../text.js';

export interface FirstFrame {
  size: { columns: number; rows: number };
  /** In the list's order (sorted by created, newest first); the first one is selected. */
  rows: ImageRow[];
  connection: AppState['connection'];
  theme: Theme;
  keymap: readonly Binding[];
  nowMs: number;
}

interface Style {
  color?: string | null;
  backgroundColor?: string | null;
  bold?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

/** Ink's colorize for the colours a theme may hold (a name or #rrggbb). */
function colorize(text: string, color: string, bg: boolean): string {
  if (color.startsWith('#')) return bg ? chalk.bgHex(color)(text) : chalk.hex(color)(text);
  const name = bg ? `bg${color[0].toUpperCase()}${color.slice(1)}` : color;
  const paint = (chalk as unknown as Record<string, ((t: string) => string) | undefined>)[name];
  return typeof paint === 'function' ? paint(text) : text;
}

/** One <Text>: its colours, then bold, underline and inverse, as Ink applies them. */
function styled(text: string, s: Style): string {
  let out = text;
  if (s.color) out = colorize(out, s.color, false);
  if (s.backgroundColor) out = colorize(out, s.backgroundColor, true);
  if (s.bold) out = chalk.bold(out);
  if (s.underline) out = chalk.underline(out);
  if (s.inverse) out = chalk.inverse(out);
  return out;
}

function tabLine(f: FirstFrame): string {
  const { theme } = f;
  const focused: Style = theme.inverseSelection ? { inverse: true, bold: true } : { color: theme.selectedFg, backgroundColor: theme.selectedBg, bold: true };
  const tabs = TABS.map((t, i) => {
    const label = tabLabel(f.keymap, t);
    return (i > 0 ? styled('·', { color: theme.muted }) : '') + styled(label, t.pane === 'images' ? focused : { color: theme.muted });
  });
  return styled(TAB_PREFIX, { bold: true, color: theme.accent }) + tabs.join('');
}

function listLines(f: FirstFrame, height: number): string[] {
  const { theme, size } = f;
  const width = size.columns;
  const state = { sort: 'created' as const, sortReverse: false, showAll: false, filters: NO_FILTERS, marked: [], loaded: true, rows: f.rows };
  const { left, right } = listStatusText(state, '', f.rows.length);
  const rightText = ` ${right}`;
  const leftRoom = width - rightText.length;
  const leftShown = truncate(left, leftRoom);
  const status = styled(leftShown, { color: theme.accent }) + ' '.repeat(Math.max(0, leftRoom - leftShown.length)) + styled(rightText, { color: theme.muted });
  const columns = layoutColumns(width);
  const titles = styled(truncate(columnTitlesText(columns), width), { bold: true, color: theme.muted });
  const listHeight = Math.max(1, height - 2);
  if (f.rows.length === 0) return [status, titles, styled('No images', { color: theme.muted })];
  const selectedStyle: Style = theme.inverseSelection ? { inverse: true } : { color: theme.selectedFg, backgroundColor: theme.selectedBg };
  const rows = f.rows.slice(0, listHeight).map((row, i) => {
    const selected = i === 0;
    const mark = styled(markText(false, selected), { bold: true, color: selected ? undefined : theme.marked });
    const text = rowSpans(row, {}, columns, f.nowMs)
      .map((s) => s.text)
      .join('');
    // the columns fill the width exactly (layoutColumns): nothing to cut
    return styled(mark + text, selected ? selectedStyle : { color: row.dangling ? theme.muted : theme.text });
  });
  return [status, titles, ...rows];
}

function statusLine(f: FirstFrame): string {
  const { theme } = f;
  const parts = statusParts(f.connection, null, f.size.columns);
  const bar: Style = theme.inverseSelection ? { inverse: true } : { color: theme.statusFg, backgroundColor: theme.statusBg };
  return styled(styled(parts.context, { bold: true }) + parts.endpoint + parts.engine + parts.usage + ' '.repeat(parts.fill), bar);
}

/** The frame's lines, top to bottom (the terminal's last line stays empty, as Ink's root box leaves it). */
export function firstFrameLines(f: FirstFrame): string[] {
  const layout = screenLayout(f.size);
  const body = listLines(f, layout.body);
  while (body.length < layout.body) body.push('');
  const hints = styled(truncate(` ${fitHints(keyHints([...f.keymap], 'images'), f.size.columns - 2)}`, f.size.columns), { color: f.theme.muted });
  return [tabLine(f), ...body, hints, statusLine(f)];
}
