import { editFile, editRefusal } from '../../shell/edit-file.js';
import type { KeyAction } from '../../shell/keymap.js';
import type { BuildAction } from '../../store/build.js';
import type { Store } from '../../store/store.js';
import { useServices } from '../context.js';
import { lineOf } from '../../domain/text/line-editor.js';
import type { PromptModel } from '../prompt/use-line-editor.js';
import { openInLayers } from '../layers/use-layer-index.js';
import { suspendApp } from '../run-app.js';
import { logMatches, logTop, nextMatch, selectedLog, topShowing } from './build-log.js';

/** The log keys: scrolling (when the log has focus, or PgUp/PgDn), `/` search and its matches. */
function logAction(action: KeyAction, store: Store, rows: number, dismiss: () => void): boolean {
  const view = store.getState().build;
  const lines = selectedLog(view);
  const top = logTop(view.logTop, rows, lines.length);
  const dispatch = (a: BuildAction) => (store.dispatch(a), true);
  const scroll = (to: number) => dispatch({ type: 'build/log-scroll', top: to >= Math.max(0, lines.length - rows) ? null : Math.max(0, to) });
  const search = view.logSearch;
  switch (action) {
    case 'buildFocusLog':
      return dispatch({ type: 'build/log-focus', focus: true });
    case 'buildFocusSteps':
      return dispatch({ type: 'build/log-focus', focus: false });
    case 'pageUp':
      return scroll(top - Math.max(1, rows - 1));
    case 'pageDown':
      return scroll(top + Math.max(1, rows - 1));
    case 'top':
      return dispatch({ type: 'build/log-scroll', top: 0 });
    case 'bottom':
      return dispatch({ type: 'build/log-scroll', top: null });
    case 'up':
    case 'down':
      if (!view.logFocus) return false;
      return scroll(top + (action === 'up' ? -1 : 1));
    case 'buildSearch':
      return dispatch({ type: 'build/log-search-open' });
    case 'close':
      if (search) store.dispatch({ type: 'build/log-search-close' });
      else dismiss();
      return true;
    case 'buildSearchNext':
    case 'buildSearchPrev': {
      if (!search?.query) return true;
      const from = search.match ?? (action === 'buildSearchNext' ? top - 1 : top + rows);
      const match = nextMatch(logMatches(lines, search.query), from, action === 'buildSearchNext' ? 1 : -1);
      if (match !== null) store.dispatch({ type: 'build/log-search-match', match, top: topShowing(match, rows, lines.length) });
      return true;
    }
    default:
      return false;
  }
}

/** The log's `/` prompt: each edit jumps to the first match at or below the view; Enter keeps it, Esc clears it. */
export function logSearchModel(store: Store, rows: number): PromptModel {
  return {
    kind: 'logSearch',
    read: () => {
      const search = store.getState().build.logSearch;
      return lineOf(search?.query ?? '', search?.cursor);
    },
    write: (line) => {
      const view = store.getState().build;
      const search = view.logSearch;
      if (!search) return;
      if (line.text === search.query) return store.dispatch({ type: 'build/log-search-cursor', cursor: line.cursor });
      const lines = selectedLog(view);
      const top = logTop(view.logTop, rows, lines.length);
      const match = nextMatch(logMatches(lines, line.text), search.match ?? top, 1, true);
      store.dispatch({ type: 'build/log-search-set', query: line.text, cursor: line.cursor, match, top: match !== null ? topShowing(match, rows, lines.length) : undefined });
    },
    submit: () => store.dispatch({ type: 'build/log-search-accept' }),
    cancel: () => store.dispatch({ type: 'build/log-search-close' }),
  };
}

/** What the Build pane's keys do: shells, rebuild, edit; the log's scrolling and search. */
export function useBuildActions(logRows = 10): (action: KeyAction) => void {
  const services = useServices();
  const { store } = services;
  const say = (text: string, kind: 'info' | 'error' = 'error') => services.store.dispatch({ type: 'message/set', message: { text, kind } });
  return (action) => {
    const view = store.getState().build;
    const steps = view.snapshot?.steps.length ?? 0;
    const r = view.report;
    const dbg = view.debug;
    if (dbg) return debugAction(action, services, say);
    if (logAction(action, store, logRows, () => store.dispatch({ type: 'message/set', message: null }))) return;
    // another step: its log from the end, the search kept (its match is of the other log)
    const select = (selected: number) => store.dispatch({ type: 'build/select', selected });
    switch (action) {
      case 'up':
        return select(Math.max(0, view.selected - 1));
      case 'down':
        return select(Math.max(0, Math.min(steps - 1, view.selected + 1)));
      case 'buildShell':
      case 'buildFailedShell': {
        const image = action === 'buildShell' ? r?.lastGoodId : view.failedStateId;
        if (!r) return say('no failed build to open a shell in');
        if (!image && action === 'buildFailedShell' && view.builder === 'buildkit') return say('BuildKit keeps no failed state: build without --buildkit, then f');
        if (!image) return say(action === 'buildShell' ? `${r.lastGoodWhy ?? 'no step of this build succeeded'}: no layer to open a shell in` : 'no failed state was kept for this build (its failed step ran no container)');
        // a shell in the last good layer: what runs there may become the fix
        const fix = action === 'buildShell' && view.dockerfilePath && view.dockerfileText !== undefined && r.line !== null ? { dockerfilePath: view.dockerfilePath, dockerfileText: view.dockerfileText, line: r.line } : undefined;
        void services.shellInLayer?.(image, r.failedCmd, fix);
        return;
      }
      case 'buildDiff': {
        const step = view.snapshot?.steps[view.selected];
        if (!step) return say('no build step to show');
        if (step.imageId) return openInLayers(services, step.imageId);
        if (view.builder === 'buildkit') return say('BuildKit makes no per-step images: use imgsh debug (or build without --buildkit) to see what a step changed');
        return say(`step ${step.number} made no image${step.status === 'failed' ? ' (it failed: f opens its failed state)' : ''}`);
      }
      case 'rebuild':
        if (view.line && !view.running) void services.runLine(view.line);
        return;
      case 'buildEdit': {
        if (!view.dockerfilePath || !view.line) return say('the Dockerfile came from stdin: nothing to edit');
        const path = view.dockerfilePath;
        const line = view.line;
        void suspendApp(() => editFile(path, r?.line ?? 1)).then((outcome) => {
          const refusal = editRefusal(outcome);
          if (refusal) say(refusal);
          else void services.runLine(line);
        });
        return;
      }
      default:
        return;
    }
  };
}

/** The keys while a `debug` session is in the pane. */
function debugAction(action: KeyAction, services: ReturnType<typeof useServices>, say: (t: string) => void): void {
  const { store } = services;
  const dbg = store.getState().build.debug!;
  const last = dbg.df.instructions.length - 1;
  const move = (cursor: number) => store.dispatch({ type: 'debug/cursor', cursor });
  switch (action) {
    case 'up':
      return move(dbg.cursor - 1);
    case 'down':
      return move(dbg.cursor + 1);
    case 'debugBreak':
      return store.dispatch({ type: 'debug/toggle-break' });
    case 'debugNext':
    case 'debugContinue':
      if (dbg.busy) return say('the debugger is still building');
      if (dbg.next > last) return say('the whole Dockerfile ran');
      // a job like any other: the job panel shows it, Esc cancels it
      void services.runLine(`step ${action === 'debugNext' ? 'next' : 'continue'}`);
      return;
    case 'buildDiff': {
      const line = dbg.df.instructions[dbg.cursor].startLine;
      if (dbg.cursor >= dbg.next) return say(`line ${line} has not run yet: n or c runs it`);
      const image = dbg.images?.[dbg.cursor];
      if (!image) return say(`line ${line} made no image of its own`);
      return openInLayers(services, image);
    }
    case 'buildShell':
      if (!dbg.lastImage) return say('no instruction completed yet: press n or c first');
      void services.shellInLayer?.(dbg.lastImage, null);
      return;
    default:
      return;
  }
}
