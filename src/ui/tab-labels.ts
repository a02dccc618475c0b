import { displayKey, type Binding, type KeyAction } from '../shell/keymap.js';
import type { Pane } from '../store/state.js';

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
