import { Box, Text } from 'ink';
import { formatMode } from '../../domain/layers/layer-entry.js';
import type { TreeRow } from '../../domain/layers/layer-tree.js';
import { formatBytes } from '../../domain/text/size.js';
import type { Theme } from '../../shell/theme.js';
import { color, useTheme } from '../context.js';
import { fit, highlightSpans } from '../text.js';
import { windowStart } from './window.js';

interface Props {
  rows: TreeRow[];
  collapsed: ReadonlySet<string>;
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
  /** Ranges of a node's name to highlight (the path filter's matches). */
  nameRanges?: (path: string) => [number, number][];
}

function markColor(theme: Theme, mark: string | undefined): string | null {
  return mark === 'A' ? theme.ok : mark === 'M' ? theme.warning : mark === 'D' ? theme.error : theme.text;
}

/** The file tree: mark, mode, size, then the name indented, links with their targets. */
export function FileTree({ rows, collapsed, cursor, focused, width, height, emptyText, nameRanges }: Props & { emptyText: string }) {
  const theme = useTheme();
  if (rows.length === 0) return <Text color={color(theme.muted)}>{emptyText}</Text>;
  const start = windowStart(cursor, height, rows.length);
  return (
    <Box flexDirection="column" height={height}>
      {rows.slice(start, start + height).map(({ depth, node }, i) => {
        const at = start + i;
        const highlight = at === cursor && focused;
        const dir = node.kind === 'dir';
        const twisty = dir ? (collapsed.has(node.path) ? '▸ ' : '▾ ') : '  ';
        const link = node.target ? (node.kind === 'hardlink' ? ` => /${node.target.replace(/^\/+/, '')}` : ` -> ${node.target}`) : '';
        // what the layer adds; removed bytes apart, with a minus (a removed file's own size too)
        const size = dir ? formatBytes(node.total) : node.mark === 'D' ? `−${formatBytes(node.size)}` : formatBytes(node.size);
        const gone = dir && node.removed > 0 ? `  −${formatBytes(node.removed)} removed` : '';
        const before = `${at === cursor ? '›' : ' '}${node.mark ?? ' '} ${formatMode(node.kind, node.mode)} ${fit(size, 8, 'right')}  ${'  '.repeat(depth)}${twisty}`;
        const text = `${before}${node.name}${dir ? '/' : ''}${link}${gone}`;
        const ranges = nameRanges?.(node.path).map(([a, b]) => [a + before.length, b + before.length] as [number, number]);
        return (
          <Text
            key={node.path}
            wrap="truncate"
            color={color(highlight ? theme.selectedFg : markColor(theme, node.mark))}
            backgroundColor={color(highlight ? theme.selectedBg : null)}
          >
            {ranges?.length
              ? highlightSpans(text, ranges, width).map((span, k) =>
                  span.hit ? (
                    <Text key={k} bold underline={highlight} color={color(highlight ? null : theme.match)}>
                      {span.text}
                    </Text>
                  ) : (
                    span.text
                  ),
                )
              : fit(text, width)}
          </Text>
        );
      })}
    </Box>
  );
}
