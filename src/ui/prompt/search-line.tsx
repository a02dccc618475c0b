import { lineOf, type LineEdit } from '../../domain/text/line-editor.js';
import { useServices } from '../context.js';
import { useStore } from '../use-store.js';
import { LineView } from './line-view.js';
import { useLineEditor, type PromptModel } from './use-line-editor.js';

/**
 * `/query▏`: every keystroke filters the list (in the Layers pane, the file tree by path);
 * Enter keeps the filter, Esc clears it. ↑/↓ walk the results while typing, as in fzf.
 */
export function SearchLine({ active, width }: { active: boolean; width: number }) {
  const { store } = useServices();
  const layers = useStore((s) => s.pane === 'layers');
  const text = useStore((s) => (layers ? s.layers.filter : s.search.query));
  const cursor = useStore((s) => (layers ? s.layers.filterCursor : s.search.cursor));
  const kind = layers ? 'filter' : 'search';
  const found = useStore((s) => (s.prompt.find?.index != null ? s.prompt.histories[kind]?.[s.prompt.find.index] : undefined));

  const model: PromptModel = {
    kind,
    read: () => {
      const s = store.getState();
      return layers ? lineOf(s.layers.filter, s.layers.filterCursor) : lineOf(s.search.query, s.search.cursor);
    },
    write: (line: LineEdit) =>
      store.dispatch(layers ? { type: 'layers/filter', filter: line.text, cursor: line.cursor } : { type: 'search/set', query: line.text, cursor: line.cursor }),
    submit: () => store.dispatch({ type: 'search/accept' }),
    cancel: () => {
      if (layers) store.dispatch({ type: 'layers/filter', filter: '' });
      store.dispatch(layers ? { type: 'search/accept' } : { type: 'search/clear' });
    },
    own: (name) => {
      if (name !== 'up' && name !== 'down') return false;
      const delta = name === 'up' ? -1 : 1;
      if (layers) store.dispatch({ type: 'layers/tree-cursor', cursor: store.getState().layers.treeCursor + delta });
      else store.dispatch({ type: 'cursor/move', delta });
      return true;
    },
  };
  const { find } = useLineEditor(model, active);
  return <LineView lead="/" line={lineOf(text, cursor)} width={width} find={find} found={found} />;
}
