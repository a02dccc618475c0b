import type { FailureReport } from '../domain/build-report.js';
import type { BuildSnapshot } from '../domain/build-steps.js';
import type { Dockerfile } from '../domain/dockerfile.js';

/** A step-through session (`debug`): the Dockerfile, where execution is paused, the breakpoints. */
export interface DebugView {
  text: string;
  df: Dockerfile;
  /** Index of the instruction execution is paused before (instructions.length: the end). */
  next: number;
  /** Breakpoint lines (an instruction's first line). */
  breaks: number[];
  /** Index of the instruction under the cursor (j/k move it, b toggles a breakpoint there). */
  cursor: number;
  /** The image after the last completed instruction, for `x`. */
  lastImage: string | null;
  /** The image each instruction made (by instruction index), for `d`; absent or null before it ran. */
  images?: (string | null)[];
  /** The images its steps built (not found in the cache), oldest first: removed when the session ends. */
  made?: string[];
  busy: boolean;
  error: string | null;
  /** Runs the next instruction, or continues to the next breakpoint / failure / end; the signal cancels it. */
  step(mode: 'next' | 'continue', signal?: AbortSignal): Promise<void>;
}

/** What the Build pane shows: its own small store, apart from the images state. */
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
}

export interface BuildSink {
  get(): BuildView;
  update(change: Partial<BuildView>): void;
  subscribe(listener: () => void): () => void;
}

export const EMPTY_BUILD: BuildView = { line: null, running: false, snapshot: null, report: null, failedStateId: null, dockerfilePath: null, selected: 0, debug: null };

export function createBuildSink(): BuildSink {
  let view = EMPTY_BUILD;
  const listeners = new Set<() => void>();
  return {
    get: () => view,
    update(change) {
      view = { ...view, ...change };
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
