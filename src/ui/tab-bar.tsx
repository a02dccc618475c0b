import { Box, Text } from 'ink';
import { color, useServices, useTheme } from './context.js';
import { TAB_PREFIX, TABS, tabLabel } from './tab-labels.js';
import { useStore } from './use-store.js';

/** `imgsh  1 Images · 2 Layers · 3 Build`, the focused pane highlighted. */
export function TabBar({ width }: { width: number }) {
  const { keymap } = useServices();
  const theme = useTheme();
  const pane = useStore((s) => s.pane);
  const focused = theme.inverseSelection
    ? { inverse: true, bold: true }
    : { color: color(theme.selectedFg), backgroundColor: color(theme.selectedBg), bold: true };
  return (
    <Box width={width}>
      <Text bold color={color(theme.accent)}>
        {TAB_PREFIX}
      </Text>
      {TABS.map((t, i) => {
        const label = tabLabel(keymap, t);
        return (
          <Text key={t.pane}>
            {i > 0 && <Text color={color(theme.muted)}>·</Text>}
            {t.pane === pane ? <Text {...focused}>{label}</Text> : <Text color={color(theme.muted)}>{label}</Text>}
          </Text>
        );
      })}
    </Box>
  );
}
