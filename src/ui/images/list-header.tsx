import { Box, Text } from 'ink';
import { color, useTheme } from '../context.js';
import { useStore } from '../use-store.js';
import type { Column } from './columns.js';
import { columnTitlesText, listStatusText } from './list-status.js';

/** `sorted by created · all · dangling only      12 of 40` */
export function ListStatus({ shown, width }: { shown: number; width: number }) {
  const theme = useTheme();
  const sort = useStore((s) => s.sort);
  const sortReverse = useStore((s) => s.sortReverse);
  const showAll = useStore((s) => s.showAll);
  const filters = useStore((s) => s.filters);
  const query = useStore((s) => s.search.query);
  const rows = useStore((s) => s.rows);
  const marked = useStore((s) => s.marked);
  const loaded = useStore((s) => s.loaded);
  const { left, right } = listStatusText({ sort, sortReverse, showAll, filters, marked, loaded, rows }, query, shown);
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
  return (
    <Text bold wrap="truncate" color={color(theme.muted)}>
      {columnTitlesText(columns)}
    </Text>
  );
}
