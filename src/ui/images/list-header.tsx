import { Box, Text } from 'ink';
import { color, useTheme } from '../context.js';
import { useStore } from '../use-store.js';
import { COLUMN_GAP, MARK_WIDTH, type Column } from './columns.js';
import { fit } from '../text.js';

/** `sorted by created · all · dangling only      12 of 40` */
export function ListStatus({ shown, width }: { shown: number; width: number }) {
  const theme = useTheme();
  const sort = useStore((s) => s.sort);
  const reverse = useStore((s) => s.sortReverse);
  const showAll = useStore((s) => s.showAll);
  const filters = useStore((s) => s.filters);
  const query = useStore((s) => s.search.query);
  const total = useStore((s) => s.rows.length);
  const marked = useStore((s) => s.marked.length);
  const loaded = useStore((s) => s.loaded);
  const toggles = [showAll && 'all', filters.danglingOnly && 'dangling only', filters.inUseOnly && 'in use only'].filter(Boolean);
  // nothing to count before the first list (over ssh the app draws while it logs in)
  const right = loaded ? `${marked ? `${marked} marked · ` : ''}${shown} of ${total}` : '';
  const left = [`sorted by ${sort}${reverse ? ' (reversed)' : ''}`, ...toggles, query && `matching “${query}”`].filter(Boolean).join(' · ');
  return (
    <Box width={width}>
      <Box flexGrow={1}>
        <Text wrap="truncate" color={color(theme.accent)}>
          {left}
        </Text>
      </Box>
      <Text color={color(theme.muted)}> {right}</Text>
    </Box>
  );
}

export function ColumnTitles({ columns }: { columns: Column[] }) {
  const theme = useTheme();
  const text = ' '.repeat(MARK_WIDTH) + columns.map((c) => fit(c.title, c.width, c.align)).join(COLUMN_GAP);
  return (
    <Text bold wrap="truncate" color={color(theme.muted)}>
      {text}
    </Text>
  );
}
