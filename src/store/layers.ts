import { stepsWithLayers, type LayerIndex } from '../domain/layers/layer-index.js';
import type { TreeSort } from '../domain/layers/layer-tree.js';

/** The Layers pane: the index of one image and how its file tree is looked at. */
export interface LayersState {
  ref: string | null;
  status: 'idle' | 'indexing' | 'ready' | 'failed';
  error: string | null;
  index: LayerIndex | null;
  /** Selected row of the layer list (history steps, oldest first). */
  step: number;
  focus: 'layers' | 'tree';
  treeCursor: number;
  /** `layer`: this layer's changes; `all`: the whole filesystem up to this layer. */
  scope: 'layer' | 'all';
  hideUnmodified: boolean;
  collapsed: string[];
  sort: TreeSort;
  /** Fuzzy path filter of the file tree (`/` edits it in the search line); empty: no filter. */
  filter: string;
  /** The filter's line-editor cursor (absent: at the end). */
  filterCursor?: number;
  /**
   * An image opened here directly (a build step's `d`), shown at its last history step while
   * the Images pane still has `from` selected; selecting another image there ends it.
   */
  pinned: { ref: string; from: string | null } | null;
  /** The index came from an archive file (`layers --archive`): `ref` is its path. */
  archive: boolean;
  /** Each layer's Dockerfile line, when known (src/shell/dockerfile-lines.ts): waste and advice name them. */
  lines: readonly (number | null)[] | null;
}

export const INITIAL_LAYERS: LayersState = {
  ref: null,
  status: 'idle',
  error: null,
  index: null,
  step: 0,
  focus: 'layers',
  treeCursor: 0,
  scope: 'layer',
  hideUnmodified: false,
  collapsed: [],
  sort: 'name',
  filter: '',
  pinned: null,
  archive: false,
  lines: null,
};

export type LayersAction =
  | { type: 'layers/indexing'; ref: string }
  /** `archive`: `ref` is an archive file, shown (pinned) while the Images pane still has `from` selected. */
  | { type: 'layers/loaded'; ref: string; index: LayerIndex; archive?: { from: string | null }; lines?: readonly (number | null)[] | null }
  | { type: 'layers/failed'; ref: string; error: string }
  | { type: 'layers/step'; step: number }
  | { type: 'layers/tree-cursor'; cursor: number }
  | { type: 'layers/focus'; focus: 'layers' | 'tree' }
  | { type: 'layers/scope' }
  | { type: 'layers/hide-unmodified' }
  | { type: 'layers/collapse'; path: string }
  | { type: 'layers/sort' }
  | { type: 'layers/filter'; filter: string; cursor?: number }
  | { type: 'layers/open'; ref: string; from: string | null }
  | { type: 'layers/unpin' };

export function isLayersAction(action: { type: string }): action is LayersAction {
  return action.type.startsWith('layers/');
}

export function layersReducer(s: LayersState, a: LayersAction): LayersState {
  switch (a.type) {
    case 'layers/indexing':
      return { ...INITIAL_LAYERS, ref: a.ref, status: 'indexing', pinned: s.pinned };
    case 'layers/loaded': {
      const fresh = s.ref !== a.ref || s.index === null;
      // Start on the top-most step that made a layer: its changes are the latest ones.
      const steps = stepsWithLayers(a.index);
      // An opened build step's image starts on its last step: what that step itself did.
      const atLast = s.pinned?.ref === a.ref ? steps.length - 1 : steps.findLastIndex((st) => st.layer !== null);
      const step = fresh ? Math.max(0, atLast) : s.step;
      const pinned = a.archive ? { ref: a.ref, from: a.archive.from } : s.pinned;
      return { ...(fresh ? INITIAL_LAYERS : s), ref: a.ref, status: 'ready', error: null, index: a.index, step, pinned, archive: !!a.archive, lines: a.lines ?? null };
    }
    case 'layers/failed':
      return s.ref === a.ref ? { ...s, status: 'failed', error: a.error } : s;
    case 'layers/step':
      return a.step === s.step ? s : { ...s, step: Math.max(0, a.step), treeCursor: 0 };
    case 'layers/tree-cursor':
      return { ...s, treeCursor: Math.max(0, a.cursor) };
    case 'layers/focus':
      return { ...s, focus: a.focus };
    case 'layers/scope':
      return { ...s, scope: s.scope === 'layer' ? 'all' : 'layer', treeCursor: 0 };
    case 'layers/hide-unmodified':
      return { ...s, hideUnmodified: !s.hideUnmodified, treeCursor: 0 };
    case 'layers/collapse':
      return { ...s, collapsed: s.collapsed.includes(a.path) ? s.collapsed.filter((p) => p !== a.path) : [...s.collapsed, a.path] };
    case 'layers/sort':
      return { ...s, sort: s.sort === 'name' ? 'size' : 'name' };
    case 'layers/filter':
      if (a.filter === s.filter) return a.cursor === s.filterCursor ? s : { ...s, filterCursor: a.cursor };
      return { ...s, filter: a.filter, filterCursor: a.cursor, treeCursor: 0 };
    case 'layers/open': {
      const pinned = { ref: a.ref, from: a.from };
      // already loaded: go to its last step now (a fresh load does it in layers/loaded)
      if (s.ref === a.ref && s.index) return { ...s, pinned, step: Math.max(0, stepsWithLayers(s.index).length - 1), treeCursor: 0 };
      return { ...s, pinned };
    }
    case 'layers/unpin':
      return s.pinned ? { ...s, pinned: null } : s;
  }
}
