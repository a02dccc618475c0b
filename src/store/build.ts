import type { FailureReport } from '../domain/builds/build-report.js';
import type { BuildSnapshot } from '../domain/builds/build-steps.js';
import { debugReducer, isDebugSessionAction, startedDebug, type DebugAction, type DebugView } from './debug.js';

export type { DebugAction, DebugView } from './debug.js';

/** What the Build pane shows (`state.build`): the last build, or a `debug` session. */
export interface BuildView {
  /** The `build …` line that ran, for `r` to run again; null before any build. */
  line: string | null;
  running: boolean;
  /** Which builder ran: BuildKit keeps no failed state (`f`) and no per-step images. */
  builder?: 'legacy' | 'buildkit';
  snapshot: BuildSnapshot | null;
  report: FailureReport | null;
  /** The failed step's kept container (for `f`, committed only while its shell runs), removed by the app. */
  failedStateId: string | null;
  dockerfilePath: string | null;
  /** The Dockerfile as the build read it: a fix from the shell is written only over this text. */
  dockerfileText?: string;
  /** Index of the selected step. */
  selected: number;
  /** Each step's stage (name or index), by step number − 1, once the Dockerfile is read. */
  stepStages?: string[];
  /** The step-through session, when `debug` started one. */
  debug?: DebugView | null;
  /** The log of the selected step has the keys (↑/↓ PgUp/PgDn scroll it) rather than the step list. */
  logFocus?: boolean;
  /** First log line shown; null or absent: follow the end of the log. */
  logTop?: number | null;
  /** `/` in the log: the query, whether it is still being typed, the line of the current match. */
  /** `cursor`: the line editor's (absent: at the end). */
  logSearch?: { query: string; cursor?: number; editing: boolean; match: number | null } | null;
  /** Why the cache missed, against the last build of the tag (src/shell/build-records.ts), or why that record could not say; null when nothing to say. */
  cacheMiss?: string | null;
}

/**
 * What a new build, a new debug session and a switch of engine reset. The log's focus, scroll
 * and search are the user's way of looking and stay (as do the stages, until the next are read).
 */
export const EMPTY_BUILD: BuildView = { line: null, running: false, snapshot: null, report: null, failedStateId: null, dockerfilePath: null, selected: 0, debug: null, cacheMiss: null };

export type BuildAction =
  | { type: 'build/started'; line: string; builder: 'legacy' | 'buildkit' }
  /** The Dockerfile the build packed was read: each step's stage. */
  | { type: 'build/dockerfile'; stepStages: string[] }
  /** The steps so far (a build's or a debug step's); the selection follows the last step. */
  | { type: 'build/progress'; snapshot: BuildSnapshot }
  /** The build ended (report: null when it succeeded). */
  | { type: 'build/finished'; report: FailureReport | null; dockerfilePath: string | null; dockerfileText: string }
  /** The build stopped without a result (an error before or during the stream, a cancel). */
  | { type: 'build/stopped' }
  | { type: 'build/failed-state'; id: string | null }
  /** The first step that ran, and why (the build record's comparison). */
  | { type: 'build/cache-miss'; line: string }
  /** The pane's build went with the engine it ran on. */
  | { type: 'build/cleared' }
  /** Another step: its log from the end, the search kept (its match was of the other log). */
  | { type: 'build/select'; selected: number }
  | { type: 'build/log-focus'; focus: boolean }
  /** null: follow the end of the log. */
  | { type: 'build/log-scroll'; top: number | null }
  | { type: 'build/log-search-open' }
  /** The query typed so far, its first match at or below the view, and the top that shows it (absent: the view stays). */
  | { type: 'build/log-search-set'; query: string; cursor?: number; match: number | null; top?: number }
  /** Only the line editor's cursor moved. */
  | { type: 'build/log-search-cursor'; cursor?: number }
  /** n/N: the next or previous match, and the top that shows it. */
  | { type: 'build/log-search-match'; match: number; top: number }
  | { type: 'build/log-search-accept' }
  | { type: 'build/log-search-close' }
  | DebugAction;

export function isBuildAction(action: { type: string }): action is BuildAction {
  return action.type.startsWith('build/') || action.type.startsWith('debug/');
}

type Search = NonNullable<BuildView['logSearch']>;

/** Changes the search when there is one. */
function withSearch(s: BuildView, change: (search: Search) => Partial<BuildView>): BuildView {
  return s.logSearch ? { ...s, ...change(s.logSearch) } : s;
}

export function buildReducer(s: BuildView, a: BuildAction): BuildView {
  if (isDebugSessionAction(a)) {
    const debug = s.debug ? debugReducer(s.debug, a) : s.debug;
    return debug === s.debug ? s : { ...s, debug };
  }
  switch (a.type) {
    case 'debug/started':
      return { ...s, ...EMPTY_BUILD, dockerfilePath: a.dockerfilePath, debug: startedDebug(a) };
    case 'build/started':
      return { ...s, ...EMPTY_BUILD, line: a.line, running: true, builder: a.builder };
    case 'build/dockerfile':
      return { ...s, stepStages: a.stepStages };
    case 'build/progress':
      return { ...s, snapshot: a.snapshot, selected: Math.max(0, a.snapshot.steps.length - 1) };
    case 'build/finished':
      return { ...s, running: false, report: a.report, dockerfilePath: a.dockerfilePath, dockerfileText: a.dockerfileText };
    case 'build/stopped':
      return s.running ? { ...s, running: false } : s;
    case 'build/failed-state':
      return a.id === s.failedStateId ? s : { ...s, failedStateId: a.id };
    case 'build/cache-miss':
      return { ...s, cacheMiss: a.line };
    case 'build/cleared':
      return { ...s, ...EMPTY_BUILD };
    case 'build/select':
      return { ...s, selected: a.selected, logTop: null, logSearch: s.logSearch && { ...s.logSearch, match: null } };
    case 'build/log-focus':
      return s.logFocus === a.focus ? s : { ...s, logFocus: a.focus };
    case 'build/log-scroll':
      return s.logTop === a.top ? s : { ...s, logTop: a.top };
    case 'build/log-search-open':
      return { ...s, logSearch: { query: '', editing: true, match: null }, logFocus: true };
    case 'build/log-search-set':
      return withSearch(s, () => ({ logSearch: { query: a.query, cursor: a.cursor, editing: true, match: a.match }, ...(a.top !== undefined ? { logTop: a.top } : {}) }));
    case 'build/log-search-cursor':
      return withSearch(s, (search) => ({ logSearch: { ...search, cursor: a.cursor } }));
    case 'build/log-search-match':
      return withSearch(s, (search) => ({ logSearch: { ...search, match: a.match }, logTop: a.top }));
    case 'build/log-search-accept':
      return withSearch(s, (search) => ({ logSearch: { ...search, editing: false } }));
    case 'build/log-search-close':
      return withSearch(s, () => ({ logSearch: null }));
  }
}

/** The Build pane's state as commands see it: read it, change it by actions (the reducer's). */
export interface BuildPort {
  get(): BuildView;
  dispatch(action: BuildAction): void;
}
