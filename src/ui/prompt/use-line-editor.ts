import { useEffect, useState } from 'react';
import { HISTORY_LIMITS, remember, searchHistory, walkHistory } from '../../domain/layers/history.js';
import { applyEdit, insertText, lineOf, type EditOp, type LineEdit } from '../../domain/text/line-editor.js';
import { resolveKey, type KeyAction } from '../../shell/keymap.js';
import type { HistoryFind } from '../../store/prompt.js';
import { useServices } from '../context.js';
import { cancelsJob, performKeyAction } from '../key-actions.js';
import { useKeys } from '../use-keys.js';
import { useStore } from '../use-store.js';

/** One prompt as the line editor sees it: where its text lives, and what Enter, Esc and Tab do. */
export interface PromptModel {
  /** Its history: `command` for the `:` line, a name of its own for each other prompt. */
  kind: string;
  read(): LineEdit;
  write(line: LineEdit): void;
  submit(text: string): void;
  cancel(): void;
  complete?(line: LineEdit): { line: LineEdit; candidates: string[] };
  /** A key the prompt takes before the editor (a search's ↑/↓ walk its results); true when taken. */
  own?(name: string): boolean;
}

const OPS: Partial<Record<KeyAction, EditOp>> = {
  lineStart: 'start',
  lineEnd: 'end',
  lineLeft: 'left',
  lineRight: 'right',
  lineWordLeft: 'wordLeft',
  lineWordRight: 'wordRight',
  lineDeleteBack: 'deleteBack',
  lineDeleteForward: 'deleteForward',
  lineKillWordBack: 'killWordBack',
  lineKillAlnumWordBack: 'killAlnumWordBack',
  lineKillWordForward: 'killWordForward',
  lineKillToStart: 'killToStart',
  lineKillToEnd: 'killToEnd',
  lineYank: 'yank',
  lineTranspose: 'transpose',
};

const typed = (name: string, input: string): string | null => (name === 'space' ? ' ' : [...name].length === 1 ? input || name : null);

/**
 * readline's emacs keys for a prompt (the keymap's `line` scope), its history (↑/↓ by prefix,
 * Ctrl-R) and pastes (inserted whole, as text). Returns what the view draws besides the line.
 */
export function useLineEditor(model: PromptModel, active: boolean): { find: HistoryFind | null; candidates: string[] } {
  const services = useServices();
  const { store, keymap } = services;
  const find = useStore((s) => s.prompt.find);
  const [candidates, setCandidates] = useState<string[]>([]);
  useEffect(() => {
    if (active) store.dispatch({ type: 'prompt/reset' });
  }, [active, store]);

  const history = () => store.getState().prompt.histories[model.kind] ?? [];
  // an edit ends a walk through the history: the next ↑ matches the line as it is now
  const write = (line: LineEdit) => {
    if (line === model.read()) return;
    model.write(line);
    if (store.getState().prompt.walk) store.dispatch({ type: 'prompt/walk', walk: null });
  };

  const submit = (text: string) => {
    const limit = model.kind === 'command' ? HISTORY_LIMITS.command : HISTORY_LIMITS.other;
    const lines = services.history ? services.history.add(model.kind, text) : remember(history(), text, limit);
    store.dispatch({ type: 'prompt/history', kind: model.kind, lines });
    store.dispatch({ type: 'prompt/reset' });
    model.submit(text);
  };

  const walk = (delta: -1 | 1) => {
    const line = model.read();
    const current = store.getState().prompt.walk;
    const prefix = current?.prefix ?? line.text.slice(0, line.cursor);
    const lines = history();
    const next = walkHistory(lines, prefix, current?.index ?? null, delta, line.text);
    if (next === null) {
      if (delta === 1 && current) {
        model.write(current.draft);
        store.dispatch({ type: 'prompt/walk', walk: null });
      }
      return;
    }
    model.write(lineOf(lines[next]));
    store.dispatch({ type: 'prompt/walk', walk: { index: next, prefix, draft: current?.draft ?? line } });
  };

  /** Ctrl-R's keys; false for a key that ends the search and then acts on the line. */
  const findKey = (f: HistoryFind, action: KeyAction | null, text: string | null): boolean => {
    const lines = history();
    const set = (query: string, from: number | null) => {
      const index = query ? searchHistory(lines, query, from) : null;
      store.dispatch({ type: 'prompt/find', find: { ...f, query, index: index ?? (query === f.query ? f.index : null) } });
    };
    if (text !== null) return set(f.query + text, f.index === null ? null : f.index + 1), true;
    if (action === 'lineHistorySearch') return set(f.query, f.index), true;
    if (action === 'lineDeleteBack') return set([...f.query].slice(0, -1).join(''), null), true;
    if (action === 'lineCancel') {
      model.write(f.draft);
      store.dispatch({ type: 'prompt/find', find: null });
      return true;
    }
    store.dispatch({ type: 'prompt/find', find: null });
    if (f.index !== null) model.write(lineOf(lines[f.index]));
    return false;
  };

  useKeys(
    (name, input) => {
      setCandidates([]);
      if (!name) return;
      const action = resolveKey(keymap, name, ['line']);
      const text = action ? null : typed(name, input);
      const f = store.getState().prompt.find;
      if (f && findKey(f, action, text)) return;
      if (!f && model.own?.(name)) return;
      const line = model.read();
      const op = action && OPS[action];
      if (op) {
        const closes = line.text === '' && (action === 'lineDeleteBack' || name === 'ctrl+d');
        if (closes) return model.cancel();
        const kill = store.getState().prompt.kill;
        const r = applyEdit(line, op, kill);
        if (r.kill !== kill) store.dispatch({ type: 'prompt/kill', kill: r.kill });
        return write(r.line);
      }
      switch (action) {
        case 'lineHistoryPrev':
        case 'lineHistoryNext':
          return walk(action === 'lineHistoryPrev' ? -1 : 1);
        case 'lineHistorySearch':
          return store.dispatch({ type: 'prompt/find', find: { query: '', index: null, draft: line } });
        case 'lineComplete': {
          const r = model.complete?.(line);
          if (!r) return;
          write(r.line);
          if (r.candidates.length > 1) setCandidates(r.candidates);
          return;
        }
        case 'lineSubmit':
          return submit(line.text);
        case 'lineCancel':
          return model.cancel();
      }
      if (text !== null) return write(insertText(line, text));
      // Other control keys: a running job's cancel, else the global ones that make sense here (quit).
      if (cancelsJob(name, services)) return;
      if (resolveKey(keymap, name, ['global']) === 'quit' && name.startsWith('ctrl+')) performKeyAction('quit', services);
    },
    active,
    (pasted) => {
      if (store.getState().prompt.find) return findKey(store.getState().prompt.find!, null, pasted.replace(/[\x00-\x1f\x7f]/g, ''));
      write(insertText(model.read(), pasted));
    },
  );
  return { find, candidates };
}
