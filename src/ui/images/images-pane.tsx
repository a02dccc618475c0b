import { Box, Text } from 'ink';
import { useEffect, useMemo, useRef } from 'react';
import { selectCursorIndex, selectVisible } from '../../store/selectors.js';
import { color, useServices, useTheme } from '../context.js';
import { useStore } from '../use-store.js';
import { layoutColumns, windowTop } from './columns.js';
import { useMouseClick } from '../use-mouse.js';
import { ImageRowView } from './image-row.js';
import { ColumnTitles, ListStatus } from './list-header.js';

/** The screen line (1-based) of the list's first row: after the tab line, the list status and the column titles. */
const FIRST_ROW_Y = 4;

/** Lines of the pane that are not rows: the status line and the column titles. */
const CHROME = 2;

/** The Images list, virtualized: only the rows that fit are rendered, whatever the row count. */
export function ImagesPane({ width, height }: { width: number; height: number }) {
  const { store } = useServices();
  const theme = useTheme();
  const visible = useStore(selectVisible);
  const cursor = useStore(selectCursorIndex);
  const marked = useStore((s) => s.marked);
  const loaded = useStore((s) => s.loaded);
  const query = useStore((s) => s.search.query);
  const connection = useStore((s) => s.connection);
  const listHeight = Math.max(1, height - CHROME);
  const columns = useMemo(() => layoutColumns(width), [width]);
  const markedSet = useMemo(() => new Set(marked), [marked]);
  const top = useRef(0);
  top.current = windowTop(top.current, cursor, listHeight, visible.length);

  useEffect(() => {
    store.dispatch({ type: 'page/size', pageSize: listHeight });
  }, [store, listHeight]);

  // a click on a row selects it: rows start below the tab line, the list status and the titles
  useMouseClick((_x, y) => {
    const at = top.current + (y - FIRST_ROW_Y);
    if (y < FIRST_ROW_Y || y >= FIRST_ROW_Y + listHeight || at >= selectVisible(store.getState()).length) return false;
    store.dispatch({ type: 'cursor/move', delta: at - selectCursorIndex(store.getState()) });
    return true;
  }, true);

  // Whole seconds, so rows stay memoized between keys pressed within a second.
  const nowMs = Math.floor(Date.now() / 1000) * 1000;
  const slice = visible.slice(top.current, top.current + listHeight);
  let empty: string | null = null;
  // The status bar has room for only part of a connection error: the whole of it goes here.
  if (!loaded && connection.status === 'disconnected') empty = `Cannot reach the engine, retrying: ${connection.error ?? 'unknown error'}`;
  else if (!loaded) empty = 'Loading images…';
  else if (visible.length === 0) empty = query ? `No image matches “${query}” (Esc clears the search)` : 'No images';

  return (
    <Box flexDirection="column" width={width} height={height}>
      <ListStatus shown={visible.length} width={width} />
      <ColumnTitles columns={columns} />
      {empty ? (
        <Text color={color(theme.muted)} wrap="wrap">
          {empty}
        </Text>
      ) : (
        slice.map((v, i) => (
          <ImageRowView
            key={v.row.key}
            row={v.row}
            highlights={v.highlights}
            columns={columns}
            selected={top.current + i === cursor}
            marked={markedSet.has(v.row.key)}
            theme={theme}
            nowMs={nowMs}
          />
        ))
      )}
    </Box>
  );
}
