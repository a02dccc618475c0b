import { displayKey, type Binding, type KeyAction, type KeyScope } from '../shell/keymap.js';
import type { Pane } from '../store/state.js';

const LABELS: Partial<Record<KeyAction, string>> = {
  details: 'details',
  search: 'search',
  commandLine: 'command',
  sort: 'sort',
  mark: 'mark',
  pull: 'pull',
  remove: 'delete',
  toggleAll: 'all',
  nextPane: 'pane',
  refresh: 'refresh',
  contexts: 'context',
  help: 'help',
  quit: 'quit',
  layersScope: 'changes/all',
  layersHideUnmodified: 'unmodified',
  layersCollapse: 'fold',
  layersSort: 'sort',
  layersExtract: 'extract',
  layersWaste: 'waste',
  layersAdvice: 'advice',
  layersFilter: 'filter',
  buildShell: 'shell',
  buildFailedShell: 'failed state',
  rebuild: 'rebuild',
  buildEdit: 'edit',
  buildSearch: 'search log',
};

/** Most useful first: the status bar shows as many as fit. */
const ORDER: Record<Pane, KeyAction[]> = {
  images: ['help', 'quit', 'details', 'search', 'commandLine', 'sort', 'mark', 'pull', 'remove', 'toggleAll', 'nextPane', 'refresh', 'contexts'],
  layers: ['help', 'quit', 'layersScope', 'layersHideUnmodified', 'layersCollapse', 'layersSort', 'layersExtract', 'layersWaste', 'layersAdvice', 'layersFilter', 'nextPane', 'commandLine', 'contexts'],
  build: ['help', 'quit', 'buildShell', 'buildFailedShell', 'rebuild', 'buildEdit', 'buildSearch', 'nextPane', 'commandLine'],
};

const SCOPES: Record<Pane, KeyScope[]> = {
  images: ['global', 'list'],
  layers: ['global', 'layers'],
  build: ['global', 'build'],
};

/** `? help`, `q quit`, … for the focused pane, with the keys the user actually has. */
export function keyHints(keymap: Binding[], pane: Pane): string[] {
  const scopes = SCOPES[pane];
  const hints: string[] = [];
  for (const action of ORDER[pane]) {
    const binding = keymap.find((b) => b.action === action && scopes.includes(b.scope));
    if (binding?.keys[0]) hints.push(`${displayKey(binding.keys[0])} ${LABELS[action]}`);
  }
  return hints;
}

/** As many hints as fit in `width` columns, two spaces apart. */
export function fitHints(hints: string[], width: number): string {
  let out = '';
  for (const h of hints) {
    const next = out ? `${out}  ${h}` : h;
    if (next.length > width) break;
    out = next;
  }
  return out;
}
