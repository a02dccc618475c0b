import { Box, Text } from 'ink';
import { displayKey, type Binding, type KeyAction } from '../shell/keymap.js';
import type { Pane } from '../store/state.js';
import { color, useServices, useTheme } from './context.js';
import { useStore } from './use-store.js';

export const TABS: { pane: Pane; title: string; action: KeyAction }[] = [
  { pane: 'images', title: 'Images', action: 'paneImages' },
  { pane: 'layers', title: 'Layers', action: 'paneLayers' },
  { pane: 'build', title: 'Build', action: 'paneBuild' },
];

/** What the tab line says before the tabs. */
export const TAB_PREFIX = 'imgsh ';

/** A tab's label: ` 1 Images `. */
export function tabLabel(keymap: readonly Binding[], t: (typeof TABS)[number]): string {
  const key = keymap.find((b) => b.action === t.action)?.keys[0];
  return ` ${key ? `${displayKey(key)} ` : ''}${t.title} `;
}

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
        imgsh{' '}
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
