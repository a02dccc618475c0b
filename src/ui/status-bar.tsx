import { Box, Text } from 'ink';
import { color, useTheme } from './context.js';
import { statusParts } from './status-text.js';
import { useStore } from './use-store.js';

/** Context, endpoint, engine (or a red "disconnected" banner) and disk usage; key hints live on the prompt line. */
export function StatusBar({ width }: { width: number }) {
  const theme = useTheme();
  const connection = useStore((s) => s.connection);
  const disk = useStore((s) => s.disk);
  const bar = theme.inverseSelection ? { inverse: true } : { color: color(theme.statusFg), backgroundColor: color(theme.statusBg) };
  const parts = statusParts(connection, disk, width);
  return (
    <Box width={width}>
      <Text wrap="truncate" {...bar}>
        <Text bold>{parts.context}</Text>
        {parts.endpoint}
        {parts.disconnected ? (
          <Text bold color={color(theme.error)} inverse={!theme.inverseSelection}>
            {parts.engine}
          </Text>
        ) : (
          parts.engine
        )}
        {parts.usage}
        {' '.repeat(parts.fill)}
      </Text>
    </Box>
  );
}
