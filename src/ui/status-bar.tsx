import { Box, Text } from 'ink';
import { formatBytes } from '../domain/size.js';
import { color, useTheme } from './context.js';
import { truncate } from './text.js';
import { useStore } from './use-store.js';

/** Context, endpoint, engine (or a red "disconnected" banner) and disk usage; key hints live on the prompt line. */
export function StatusBar({ width }: { width: number }) {
  const theme = useTheme();
  const connection = useStore((s) => s.connection);
  const disk = useStore((s) => s.disk);
  const bar = theme.inverseSelection ? { inverse: true } : { color: color(theme.statusFg), backgroundColor: color(theme.statusBg) };

  const disconnected = connection.status === 'disconnected';
  let engine: string;
  if (disconnected) engine = ` disconnected — retrying${connection.error ? `: ${connection.error}` : ''} `;
  else if (connection.status === 'connecting') engine = ' connecting… ';
  else engine = connection.version ? `│ ${connection.version.product ?? 'Docker'} ${connection.version.version}, API ${connection.version.apiVersion} ` : '';
  const usage =
    disk && !disconnected && connection.status === 'connected'
      ? `│ ${disk.imageCount} ${disk.imageCount === 1 ? 'image' : 'images'}, ${formatBytes(disk.totalSize)} (${formatBytes(disk.reclaimable)} reclaimable) `
      : '';
  // The context is always shown; engine and usage matter more than the full endpoint path, which gives way first.
  const contextShown = truncate(` ${connection.context} `, Math.max(8, Math.floor(width / 3)));
  const endpointShown = truncate(`│ ${connection.endpoint} `, Math.max(12, width - contextShown.length - engine.length - usage.length));
  const engineShown = truncate(engine, width - contextShown.length - endpointShown.length);
  const usageShown = truncate(usage, width - contextShown.length - endpointShown.length - engineShown.length);
  const fill = Math.max(0, width - contextShown.length - endpointShown.length - engineShown.length - usageShown.length);

  return (
    <Box width={width}>
      <Text wrap="truncate" {...bar}>
        <Text bold>{contextShown}</Text>
        {endpointShown}
        {disconnected ? (
          <Text bold color={color(theme.error)} inverse={!theme.inverseSelection}>
            {engineShown}
          </Text>
        ) : (
          engineShown
        )}
        {usageShown}
        {' '.repeat(fill)}
      </Text>
    </Box>
  );
}
