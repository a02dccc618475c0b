import { editFile, editRefusal } from '../../shell/edit-file.js';
import type { KeyAction } from '../../shell/keymap.js';
import type { BuildSink } from '../../store/build.js';
import { useServices } from '../context.js';
import { lineOf } from '../../domain/line-editor.js';
import type { PromptModel } from '../prompt/use-line-editor.js';
import { openInLayers } from '../layers/use-layer-index.js';
import { suspendApp } from '../run-app.js';
import { logMatches, logTop, nextMatch, selectedLog, topShowing } from './build-log.js';

/** The log keys: scrolling (when the log has focus, or PgUp/PgDn), `/` search and its matches. */
function logAction(action: KeyAction, sink: BuildSink, rows: number, dismiss: () => void): boolean {
  const view = sink.get();
  const lines = selectedLog(view);
  const top = logTop(view.logTop, rows, lines.length);
  const scroll = (to: number) => sink.update({ logTop: to >= Math.max(0, lines.length - rows) ? null : Math.max(0, to) });
  const search = view.logSearch;
  switch (action) {
    case 'buildFocusLog':
      return sink.update({ logFocus: true }), true;
    case 'buildFocusSteps':
      return sink.update({ logFocus: false }), true;
    case 'pageUp':
      return scroll(top - Math.max(1, rows - 1)), true;
    case 'pageDown':
      return scroll(top + Math.max(1, rows - 1)), true;
    case 'top':
      return sink.update({ logTop: 0 }), true;
    case 'bottom':
      return sink.update({ logTop: null }), true;
    case 'up':
    case 'down':
      if (!view.logFocus) return false;
      return scroll(top + (action === 'up' ? -1 : 1)), true;
    case 'buildSearch':
      return sink.update({ logSearch: { query: '', editing: true, match: null }, logFocus: true }), true;
    case 'close':
      if (search) sink.update({ logSearch: null });
      else dismiss();
      return true;
    case 'buildSearchNext':
    case 'buildSearchPrev': {
      if (!search?.query) return true;
      const from = search.match ?? (action === 'buildSearchNext' ? top - 1 : top + rows);
      const match = nextMatch(logMatches(lines, search.query), from, action === 'buildSearchNext' ? 1 : -1);
      if (match !== null) sink.update({ logSearch: { ...search, match }, logTop: topShowing(match, rows, lines.length) });
      return true;
    }
    default:
      return false;
  }
}

/** The log's `/` prompt: each edit jumps to the first match at or below the view; Enter keeps it, Esc clears it. */
export function logSearchModel(sink: BuildSink, rows: number): PromptModel {
  return {
    kind: 'logSearch',
    read: () => {
      const search = sink.get().logSearch;
      return lineOf(search?.query ?? '', search?.cursor);
    },
    write: (line) => {
      const view = sink.get();
      const search = view.logSearch;
      if (!search) return;
      if (line.text === search.query) return sink.update({ logSearch: { ...search, cursor: line.cursor } });
      const lines = selectedLog(view);
      const top = logTop(view.logTop, rows, lines.length);
      const match = nextMatch(logMatches(lines, line.text), search.match ?? top, 1, true);
      sink.update({ logSearch: { query: line.text, cursor: line.cursor, editing: true, match }, ...(match !== null ? { logTop: topShowing(match, rows, lines.length) } : {}) });
    },
    submit: () => {
      const search = sink.get().logSearch;
      if (search) sink.update({ logSearch: { ...search, editing: false } });
    },
    cancel: () => sink.update({ logSearch: null }),
  };
}

/** What the Build pane's keys do: shells, rebuild, edit; the log's scrolling and search. */
export function useBuildActions(sink: BuildSink, logRows = 10): (action: KeyAction) => void {
  const services = useServices();
  const say = (text: string, kind: 'info' | 'error' = 'error') => services.store.dispatch({ type: 'message/set', message: { text, kind } });
  return (action) => {
    const view = sink.get();
    const steps = view.snapshot?.steps.length ?? 0;
    const r = view.report;
    const dbg = view.debug;
    if (dbg) return debugAction(action, sink, services, say);
    if (logAction(action, sink, logRows, () => services.store.dispatch({ type: 'message/set', message: null }))) return;
    // another step: its log from the end, the search kept (its match is of the other log)
    const select = (selected: number) => sink.update({ selected, logTop: null, logSearch: view.logSearch && { ...view.logSearch, match: null } });
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
function debugAction(action: KeyAction, sink: BuildSink, services: ReturnType<typeof useServices>, say: (t: string) => void): void {
  const dbg = sink.get().debug!;
  const last = dbg.df.instructions.length - 1;
  const move = (cursor: number) => sink.update({ debug: { ...dbg, cursor: Math.max(0, Math.min(last, cursor)) } });
  switch (action) {
    case 'up':
      return move(dbg.cursor - 1);
    case 'down':
      return move(dbg.cursor + 1);
    case 'debugBreak': {
      const line = dbg.df.instructions[dbg.cursor].startLine;
      const breaks = dbg.breaks.includes(line) ? dbg.breaks.filter((l) => l !== line) : [...dbg.breaks, line];
      return sink.update({ debug: { ...dbg, breaks } });
    }
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
