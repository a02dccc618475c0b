import type { LineEdit } from '../domain/text/line-editor.js';

/** ↑/↓ through the history: which entry is shown, the prefix it matches, and the line typed before the walk. */
export interface HistoryWalk {
  index: number;
  prefix: string;
  draft: LineEdit;
}

/** Ctrl-R: what is typed, the entry it found (null: none), and the line to go back to on Esc. */
export interface HistoryFind {
  query: string;
  index: number | null;
  draft: LineEdit;
}

/**
 * What every prompt's line editor shares: the kill buffer (readline's, one for all prompts), the
 * histories by prompt kind (`command` for the `:` line), and the walk or search in progress.
 */
export interface PromptState {
  kill: string;
  histories: Readonly<Record<string, readonly string[]>>;
  walk: HistoryWalk | null;
  find: HistoryFind | null;
}

export const INITIAL_PROMPT: PromptState = { kill: '', histories: {}, walk: null, find: null };

export type PromptAction =
  | { type: 'prompt/kill'; kill: string }
  | { type: 'prompt/walk'; walk: HistoryWalk | null }
  | { type: 'prompt/find'; find: HistoryFind | null }
  /** A prompt opened or closed: no walk or search goes on into the next one. */
  | { type: 'prompt/reset' }
  | { type: 'prompt/history'; kind: string; lines: readonly string[] };

export function isPromptAction(action: { type: string }): action is PromptAction {
  return action.type.startsWith('prompt/');
}

export function promptReducer(s: PromptState, a: PromptAction): PromptState {
  switch (a.type) {
    case 'prompt/kill':
      return a.kill === s.kill ? s : { ...s, kill: a.kill };
    case 'prompt/walk':
      return a.walk === s.walk ? s : { ...s, walk: a.walk };
    case 'prompt/find':
      return a.find === s.find ? s : { ...s, find: a.find };
    case 'prompt/reset':
      return s.walk || s.find ? { ...s, walk: null, find: null } : s;
    case 'prompt/history':
      return s.histories[a.kind] === a.lines ? s : { ...s, histories: { ...s.histories, [a.kind]: a.lines } };
  }
}
