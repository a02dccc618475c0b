import { Box, Text } from 'ink';
import { useState } from 'react';
import { resolveKey, type KeyAction } from '../shell/keymap.js';
import { color, useServices, useTheme } from './context.js';
import { useKeys } from './use-keys.js';

export interface Segment {
  text: string;
  color?: string | null;
  bold?: boolean;
  dim?: boolean;
}
/** One screen line: a plain string or styled segments. */
export type Line = string | Segment[];

interface Props {
  lines: Line[];
  height: number;
  /** Whether this view takes the scroll keys now. */
  active: boolean;
}

const SCROLL: Partial<Record<KeyAction, (offset: number, page: number) => number>> = {
  up: (o) => o - 1,
  down: (o) => o + 1,
  pageUp: (o, p) => o - p,
  pageDown: (o, p) => o + p,
  top: () => 0,
  bottom: () => Number.MAX_SAFE_INTEGER,
};

/** A scrollable block of lines (help, details, output, layers); new `lines` scroll back to the top. */
export function ScrollLines({ lines, height, active }: Props) {
  const { keymap } = useServices();
  const theme = useTheme();
  const [scroll, setScroll] = useState({ lines, offset: 0 });
  const offset = scroll.lines === lines ? scroll.offset : 0;
  const overflow = lines.length > height;
  const page = Math.max(1, overflow ? height - 1 : height);
  const maxOffset = Math.max(0, lines.length - page);
  const start = Math.min(offset, maxOffset);

  useKeys((name) => {
    if (!name) return;
    const action = resolveKey(keymap, name, ['global', 'list']);
    const move = action && SCROLL[action];
    if (move) setScroll({ lines, offset: Math.max(0, Math.min(maxOffset, move(start, page))) });
  }, active);

  const shown = lines.slice(start, start + page);
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((line, i) => (
        <Text key={start + i} wrap="truncate">
          {typeof line === 'string'
            ? line || ' '
            : line.map((s, j) => (
                <Text key={j} color={color(s.color ?? null)} bold={s.bold} dimColor={s.dim}>
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
      {overflow && (
        <Text color={color(theme.muted)}>
          {`── ${start + 1}–${Math.min(lines.length, start + page)} of ${lines.length} · ↑↓ PgUp PgDn scroll`}
        </Text>
      )}
    </Box>
  );
}
