import { wrapText } from '../domain/text/wrap.js';
import { rowName } from '../domain/images/image.js';
import { jobRunningText, resolveKey, type KeyAction } from '../shell/keymap.js';
import type { AppServices } from '../shell/services.js';
import type { Action } from '../store/actions.js';
import { selectCurrentRow } from '../store/selectors.js';
import { imageOp, isImageOp, type ImageOpAction } from './image-ops.js';

const SIMPLE: Partial<Record<KeyAction, Action>> = {
  search: { type: 'search/start' },
  commandLine: { type: 'cmdline/open' },
  nextPane: { type: 'pane/cycle', delta: 1 },
  prevPane: { type: 'pane/cycle', delta: -1 },
  paneImages: { type: 'pane/set', pane: 'images' },
  paneLayers: { type: 'pane/set', pane: 'layers' },
  paneBuild: { type: 'pane/set', pane: 'build' },
  up: { type: 'cursor/move', delta: -1 },
  down: { type: 'cursor/move', delta: 1 },
  top: { type: 'cursor/edge', edge: 'top' },
  bottom: { type: 'cursor/edge', edge: 'bottom' },
  pageUp: { type: 'cursor/page', delta: -1 },
  pageDown: { type: 'cursor/page', delta: 1 },
  sort: { type: 'sort/cycle' },
  sortReverse: { type: 'sort/reverse' },
  toggleDangling: { type: 'toggle/dangling' },
  toggleInUse: { type: 'toggle/inUse' },
  mark: { type: 'mark/toggle' },
  contexts: { type: 'overlay/open', overlay: 'contexts' },
};

const error = (text: string): Action => ({ type: 'message/set', message: { kind: 'error', text } });

/** An image key: the command line opens prefilled, or the line runs as a job at once. */
function performImageOp(action: ImageOpAction, services: AppServices): void {
  const { store } = services;
  const state = store.getState();
  if (state.job) return store.dispatch(error(jobRunningText(services.keymap)));
  const op = imageOp(action, state);
  if (!op) return;
  if (op.kind === 'refuse') return store.dispatch(error(op.message));
  if (op.kind === 'prefill') return store.dispatch({ type: 'cmdline/open', text: op.text, back: op.back });
  services.runLine(op.line).then(
    (ok) => ok && op.clearMarks && store.dispatch({ type: 'mark/clear' }),
    (e: unknown) => store.dispatch(error(e instanceof Error ? e.message : String(e))),
  );
}

/**
 * While a job runs, its cancel keys (Esc, Ctrl-C) cancel it wherever they are not already
 * taken (closing an overlay or a line editor comes first). True when the key did that.
 */
export function cancelsJob(name: string | null, services: AppServices): boolean {
  if (!name || !services.store.getState().job) return false;
  if (resolveKey(services.keymap, name, ['job']) !== 'cancelJob') return false;
  services.cancelJob();
  return true;
}

/** What a key action does: a store action, a service call, or both. */
export function performKeyAction(action: KeyAction, services: AppServices): void {
  const { store } = services;
  const state = store.getState();
  const simple = SIMPLE[action];
  if (simple) return store.dispatch(simple);
  if (isImageOp(action)) return performImageOp(action, services);
  switch (action) {
    case 'help':
      return store.dispatch(state.overlay === 'help' ? { type: 'overlay/close' } : { type: 'overlay/open', overlay: 'help' });
    case 'close':
      if (state.overlay) return store.dispatch({ type: 'overlay/close' });
      if (state.pane === 'layers' && state.layers.filter) return store.dispatch({ type: 'layers/filter', filter: '' });
      if (state.search.query) return store.dispatch({ type: 'search/clear' });
      if (state.message) return store.dispatch({ type: 'message/set', message: null });
      return;
    case 'messageOpen':
      // wrapped to the overlay's inside (its border and padding take 4 columns)
      if (state.message) store.dispatch({ type: 'output/show', title: state.message.kind === 'error' ? 'Error' : 'Message', text: wrapText(state.message.text, state.size.columns - 4) });
      return;
    case 'refresh':
      return services.refresh();
    case 'quit':
      return services.quit();
    case 'toggleAll':
      // `all` changes what the engine is asked for, not just what is shown.
      store.dispatch({ type: 'toggle/all' });
      return services.refresh();
    case 'cancelJob':
      return services.cancelJob();
    case 'confirmYes':
    case 'confirmNo':
      return services.answer(action === 'confirmYes');
    case 'details': {
      const row = selectCurrentRow(state);
      if (row) services.openDetails(rowName(row));
      return;
    }
  }
}
