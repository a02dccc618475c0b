import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { color, useTheme } from '../context.js';

/** Rows the frame takes from its height: two border lines and the title. */
export const FRAME_CHROME = 3;

interface Props {
  title: string;
  width: number;
  height: number;
  /** Right of the title; `Esc close` unless given. */
  hint?: string;
  children: ReactNode;
}

/** A bordered box filling the body area, with a title and a close hint. */
export function OverlayFrame({ title, width, height, hint = 'Esc close', children }: Props) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={color(theme.focusBorder)} paddingX={1}>
      <Box>
        <Box flexGrow={1}>
          <Text bold wrap="truncate" color={color(theme.accent)}>
            {title}
          </Text>
        </Box>
        <Text color={color(theme.muted)}> {hint}</Text>
      </Box>
      {children}
    </Box>
  );
}
