import type { TreeRow } from '../../domain/layers/layer-tree.js';
import { adviceText, indexAdvice } from '../../domain/layers/image-advice-text.js';
import { analyzeLayers } from '../../domain/layers/layer-changes.js';
import { layerRows, wasteLines } from '../../domain/layers/layer-report.js';
import { quoteWord } from '../../domain/layers/layer-view.js';
import type { KeyAction } from '../../shell/keymap.js';
import type { AppServices } from '../../shell/services.js';
import type { LayersState } from '../../store/layers.js';

export interface LayersKeyContext {
  state: LayersState;
  stepCount: number;
  rows: TreeRow[];
  /** The layer the selected step shows (1-based for `cp --layer`), 0 when none. */
  layerNumber: number;
  pageSize: number;
}

/** What a key does in the Layers pane; false when it is not one of the pane's. */
export function layersKey(action: KeyAction, services: AppServices, ctx: LayersKeyContext): boolean {
  const { store } = services;
  const { state, rows } = ctx;
  const inTree = state.focus === 'tree';
  const count = inTree ? rows.length : ctx.stepCount;
  const current = inTree ? state.treeCursor : state.step;
  const move = (to: number) => {
    const at = Math.max(0, Math.min(count - 1, to));
    store.dispatch(inTree ? { type: 'layers/tree-cursor', cursor: at } : { type: 'layers/step', step: at });
  };
  switch (action) {
    case 'up':
      return move(current - 1), true;
    case 'down':
      return move(current + 1), true;
    case 'top':
      return move(0), true;
    case 'bottom':
      return move(count - 1), true;
    case 'pageUp':
      return move(current - ctx.pageSize), true;
    case 'pageDown':
      return move(current + ctx.pageSize), true;
    case 'layersFocusLayers':
      return store.dispatch({ type: 'layers/focus', focus: 'layers' }), true;
    case 'layersFocusTree':
      return store.dispatch({ type: 'layers/focus', focus: 'tree' }), true;
    case 'layersScope':
      return store.dispatch({ type: 'layers/scope' }), true;
    case 'layersHideUnmodified':
      return store.dispatch({ type: 'layers/hide-unmodified' }), true;
    case 'layersFilter':
      // The search line edits the tree's filter while this pane shows.
      store.dispatch({ type: 'layers/focus', focus: 'tree' });
      return store.dispatch({ type: 'search/start' }), true;
    case 'layersSort':
      return store.dispatch({ type: 'layers/sort' }), true;
    case 'layersCollapse': {
      if (!inTree) return store.dispatch({ type: 'layers/focus', focus: 'tree' }), true;
      const node = rows[state.treeCursor]?.node;
      if (node?.kind === 'dir') store.dispatch({ type: 'layers/collapse', path: node.path });
      return true;
    }
    case 'layersExtract': {
      const node = inTree ? rows[state.treeCursor]?.node : undefined;
      const refuse = (text: string) => store.dispatch({ type: 'message/set', message: { kind: 'error', text } });
      if (!node || !state.ref) return refuse('select a file in the tree first (→ moves into the tree)'), true;
      if (node.kind === 'dir') return refuse(`/${node.path} is a directory: select a file`), true;
      if (node.mark === 'D') return refuse(`/${node.path} was removed by this layer: select it in a layer below`), true;
      const layer = ctx.layerNumber > 0 ? `--layer ${ctx.layerNumber} ` : '';
      const archive = state.archive ? '--archive ' : '';
      store.dispatch({ type: 'cmdline/open', text: `cp ${archive}${layer}${quoteWord(`${state.ref}:/${node.path}`)} ./` });
      return true;
    }
    case 'layersWaste':
    case 'layersAdvice': {
      const index = state.index;
      if (!index) return store.dispatch({ type: 'message/set', message: { kind: 'error', text: 'no layers to look at yet: wait for the index' } }), true;
      const ref = state.ref ?? 'the image';
      const analysis = analyzeLayers(index.layers.map((l) => l.entries));
      const shown =
        action === 'layersWaste'
          ? { title: `Wasted space in ${ref}`, text: wasteLines(layerRows(index, analysis), analysis, 200, state.lines).join('\n') }
          : { title: `Advice for ${ref}`, text: adviceText(ref, analysis.totalBytes, indexAdvice(index, analysis, state.lines)) };
      return store.dispatch({ type: 'output/show', ...shown }), true;
    }
    default:
      return false;
  }
}
