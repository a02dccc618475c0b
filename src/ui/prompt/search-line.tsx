import { Text } from 'ink';
import { resolveKey } from '../../shell/keymap.js';
import { color, useServices, useTheme } from '../context.js';
import { cancelsJob, performKeyAction } from '../key-actions.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';
import { editLine } from './line-edit.js';

/**
 * `/query▏`: every keystroke filters the list (in the Layers pane, the file tree by path);
 * Enter keeps the filter, Esc clears it.
 */
export function SearchLine({ active }: { active: boolean }) {
  const services = useServices();
  const { store } = services;
  const theme = useTheme();
  const layers = useStore((s) => s.pane === 'layers');
  const query = useStore((s) => (layers ? s.layers.filter : s.search.query));

  useKeys((name, input) => {
    if (name === 'enter') return store.dispatch({ type: 'search/accept' });
    if (name === 'escape' && layers) return store.dispatch({ type: 'layers/filter', filter: '' }), store.dispatch({ type: 'search/accept' });
    if (name === 'escape') return store.dispatch({ type: 'search/clear' });
    // Arrows walk the results while typing, as in fzf.
    if (name === 'up' || name === 'down') {
      const { treeCursor } = store.getState().layers;
      if (layers) return store.dispatch({ type: 'layers/tree-cursor', cursor: treeCursor + (name === 'up' ? -1 : 1) });
      return store.dispatch({ type: 'cursor/move', delta: name === 'up' ? -1 : 1 });
    }
    if (name?.startsWith('ctrl+') && name !== 'ctrl+u' && name !== 'ctrl+w') {
      if (cancelsJob(name, services)) return;
      const action = resolveKey(services.keymap, name, ['global']);
      if (action === 'quit') performKeyAction(action, services);
      return;
    }
    const s = store.getState();
    const next = editLine(layers ? s.layers.filter : s.search.query, name, input);
    if (next !== null) store.dispatch(layers ? { type: 'layers/filter', filter: next } : { type: 'search/set', query: next });
  }, active);

  return (
    <Text wrap="truncate">
      <Text color={color(theme.accent)}>/</Text>
      {query}
      <Text inverse> </Text>
    </Text>
  );
}
