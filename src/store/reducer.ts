import { nextSortKey } from '../domain/images/sort.js';
import type { Action } from './actions.js';
import { buildReducer, isBuildAction } from './build.js';
import { INITIAL_LAYERS, isLayersAction, layersReducer } from './layers.js';
import { isPromptAction, promptReducer } from './prompt.js';
import { selectCursorIndex, selectVisible } from './selectors.js';
import { PANES, type AppState } from './state.js';

export function reducer(state: AppState, action: Action): AppState {
  if (isPromptAction(action)) {
    const prompt = promptReducer(state.prompt, action);
    return prompt === state.prompt ? state : { ...state, prompt };
  }
  if (isLayersAction(action)) {
    const layers = layersReducer(state.layers, action);
    return layers === state.layers ? state : { ...state, layers };
  }
  if (isBuildAction(action)) {
    const build = buildReducer(state.build, action);
    return build === state.build ? state : { ...state, build };
  }
  switch (action.type) {
    case 'connection/connecting':
      return { ...state, connection: { ...state.connection, status: 'connecting' } };
    case 'connection/connected':
      return { ...state, connection: { ...state.connection, status: 'connected', version: action.version, error: null } };
    case 'connection/capabilities':
      return { ...state, connection: { ...state.connection, capabilities: action.capabilities } };
    case 'connection/lost':
      return { ...state, connection: { ...state.connection, status: 'disconnected', error: action.error } };
    case 'connection/switched':
      return switched(state, action.context, action.endpoint);
    case 'images/loaded': {
      const keys = new Set(action.rows.map((r) => r.key));
      return { ...state, rows: action.rows, loaded: true, marked: state.marked.filter((k) => keys.has(k)), cursorKey: cursorAfterReload(state, keys) };
    }
    case 'disk/loaded':
      return { ...state, disk: action.disk };
    case 'pane/set':
      return { ...state, pane: action.pane };
    case 'pane/cycle': {
      const i = PANES.indexOf(state.pane);
      return { ...state, pane: PANES[(i + action.delta + PANES.length) % PANES.length] };
    }
    case 'overlay/open':
      return { ...state, overlay: action.overlay };
    case 'overlay/close':
      return { ...state, overlay: null };
    case 'resize':
      return { ...state, size: { columns: action.columns, rows: action.rows } };
    case 'page/size':
      return action.pageSize === state.pageSize ? state : { ...state, pageSize: Math.max(1, action.pageSize) };
    case 'cursor/move':
      return moveTo(state, selectCursorIndex(state) + action.delta);
    case 'cursor/page':
      return moveTo(state, selectCursorIndex(state) + action.delta * state.pageSize);
    case 'cursor/edge':
      return moveTo(state, action.edge === 'top' ? 0 : Number.MAX_SAFE_INTEGER);
    case 'mark/toggle': {
      const key = selectVisible(state)[selectCursorIndex(state)]?.row.key;
      if (!key) return state;
      const marked = state.marked.includes(key) ? state.marked.filter((k) => k !== key) : [...state.marked, key];
      return moveTo({ ...state, marked }, selectCursorIndex(state) + 1);
    }
    case 'mark/clear':
      return state.marked.length ? { ...state, marked: [] } : state;
    case 'sort/cycle':
      return { ...state, sort: nextSortKey(state.sort) };
    case 'sort/reverse':
      return { ...state, sortReverse: !state.sortReverse };
    case 'sort/set':
      return { ...state, sort: action.sort };
    case 'toggle/all':
      return { ...state, showAll: !state.showAll };
    case 'toggle/dangling':
      return { ...state, filters: { ...state.filters, danglingOnly: !state.filters.danglingOnly } };
    case 'toggle/inUse':
      return { ...state, filters: { ...state.filters, inUseOnly: !state.filters.inUseOnly } };
    case 'search/start':
      return { ...state, search: { ...state.search, editing: true, cursor: undefined }, prompt: promptReducer(state.prompt, { type: 'prompt/reset' }) };
    case 'search/set':
      return { ...state, search: { editing: true, query: action.query, cursor: action.cursor }, cursorKey: null };
    case 'search/accept':
      return { ...state, search: { ...state.search, editing: false }, prompt: promptReducer(state.prompt, { type: 'prompt/reset' }) };
    case 'search/clear':
      return { ...state, search: { editing: false, query: '' }, prompt: promptReducer(state.prompt, { type: 'prompt/reset' }) };
    case 'cmdline/open': {
      const text = action.text ?? '';
      return {
        ...state,
        commandLine: { editing: true, text, cursor: Math.max(0, text.length - (action.back ?? 0)) },
        prompt: promptReducer(state.prompt, { type: 'prompt/reset' }),
        message: null,
      };
    }
    case 'cmdline/set':
      return { ...state, commandLine: { ...state.commandLine, text: action.text, cursor: action.cursor } };
    case 'cmdline/close':
    case 'cmdline/submit':
      return { ...state, commandLine: { editing: false, text: '' }, prompt: promptReducer(state.prompt, { type: 'prompt/reset' }) };
    case 'message/set':
      return { ...state, message: action.message };
    case 'details/open':
      return { ...state, overlay: 'details', details: { ref: action.ref, data: null, history: null, error: null } };
    case 'details/loaded':
      if (state.details?.ref !== action.ref) return state;
      return { ...state, details: { ref: action.ref, data: action.data, history: action.history, error: null } };
    case 'details/failed':
      if (state.details?.ref !== action.ref) return state;
      return { ...state, details: { ...state.details, error: action.error } };
    case 'output/show':
      return { ...state, overlay: 'output', output: { title: action.title, text: action.text } };
    case 'job/start':
      return { ...state, job: { id: action.id, line: action.line, progress: null, cancelling: false }, message: null };
    case 'job/progress':
      return state.job?.id === action.id ? { ...state, job: { ...state.job, progress: action.progress } } : state;
    case 'job/cancelling':
      return state.job?.id === action.id ? { ...state, job: { ...state.job, cancelling: true } } : state;
    case 'job/end': {
      if (state.job?.id !== action.id) return state;
      const error = action.error ?? null;
      return { ...state, job: null, lastJob: { line: state.job.line, ok: error === null, cancelled: !!action.cancelled, refused: false, error } };
    }
    case 'job/refused':
      return { ...state, lastJob: { line: action.line, ok: false, cancelled: false, refused: true, error: null } };
    case 'confirm/open':
      return { ...state, confirm: { id: action.id, question: action.question, details: action.details } };
    case 'confirm/close':
      return state.confirm?.id === action.id ? { ...state, confirm: null } : state;
    case 'theme/set':
      return { ...state, theme: action.theme };
    case 'quit':
      return { ...state, quitting: true };
    case 'handover':
      return state.handover === action.active ? state : { ...state, handover: action.active };
  }
}

/** Rows, marks, details, layers and disk usage were the old engine's; the search and sort are the user's and stay. */
function switched(state: AppState, context: string, endpoint: string): AppState {
  return {
    ...state,
    connection: { status: 'connecting', context, endpoint, version: null, error: null },
    rows: [],
    loaded: false,
    disk: null,
    cursorKey: null,
    marked: [],
    details: null,
    layers: INITIAL_LAYERS,
    overlay: state.overlay === 'details' || state.overlay === 'contexts' ? null : state.overlay,
  };
}

function moveTo(state: AppState, index: number): AppState {
  const visible = selectVisible(state);
  if (visible.length === 0) return state;
  const i = Math.max(0, Math.min(visible.length - 1, index));
  return { ...state, cursorKey: visible[i].row.key };
}

/**
 * The selection after the list changed under it (removed or retagged elsewhere): kept when its
 * row is still there, else the next row of the list as it was (or the one before, at its end)
 * that is still there — a neighbour, never a jump to the top.
 */
function cursorAfterReload(state: AppState, keys: Set<string>): string | null {
  const key = state.cursorKey;
  if (key === null || keys.has(key)) return key;
  const before = selectVisible(state).map((v) => v.row.key);
  const at = before.indexOf(key);
  if (at < 0) return null;
  const after = before.slice(at + 1).find((k) => keys.has(k));
  return after ?? before.slice(0, at).reverse().find((k) => keys.has(k)) ?? null;
}
