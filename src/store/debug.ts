import type { Dockerfile } from '../domain/builds/dockerfile.js';

/**
 * A step-through session (`debug`) as the Build pane shows it: the Dockerfile, where execution
 * is paused, the breakpoints. Data only: what runs the steps is the session's handle (debug-session.ts).
 */
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
}

/** What changes a session that is in the pane (none of them starts one). */
export type DebugSessionAction =
  /** A run of instructions began: busy until it ends. */
  | { type: 'debug/step-started' }
  /** The run's build ended: each instruction's image so far, and the images the session built. */
  | { type: 'debug/step-built'; images: (string | null)[]; made: string[] }
  /** The run ended: paused before `next` (the cursor goes there), with the failure if a step failed. */
  | { type: 'debug/step-done'; next: number; lastImage: string | null; error: string | null }
  /** The run's build did not end (cancelled, a bad context): nothing ran further. */
  | { type: 'debug/step-failed'; error: string; made: string[] }
  /** j/k: the cursor, kept on an instruction. */
  | { type: 'debug/cursor'; cursor: number }
  /** b: a breakpoint on the instruction under the cursor, or none any more. */
  | { type: 'debug/toggle-break' };

export type DebugAction =
  /** `debug` opened a session in the pane: paused before the first instruction. */
  | { type: 'debug/started'; dockerfilePath: string; text: string; df: Dockerfile; breaks: number[] }
  | DebugSessionAction;

export function isDebugSessionAction(action: { type: string }): action is DebugSessionAction {
  return action.type.startsWith('debug/') && action.type !== 'debug/started';
}

/** A session paused before its first instruction. */
export function startedDebug(a: Extract<DebugAction, { type: 'debug/started' }>): DebugView {
  return { text: a.text, df: a.df, next: 0, breaks: a.breaks, cursor: 0, lastImage: null, images: [], busy: false, error: null };
}

const clampCursor = (d: DebugView, cursor: number) => Math.max(0, Math.min(d.df.instructions.length - 1, cursor));

export function debugReducer(d: DebugView, a: DebugSessionAction): DebugView {
  switch (a.type) {
    case 'debug/step-started':
      return { ...d, busy: true, error: null };
    case 'debug/step-built':
      return { ...d, images: a.images, made: a.made };
    case 'debug/step-done':
      return { ...d, busy: false, next: a.next, cursor: clampCursor(d, a.next), lastImage: a.lastImage, error: a.error };
    case 'debug/step-failed':
      return { ...d, busy: false, error: a.error, made: a.made };
    case 'debug/cursor': {
      const cursor = clampCursor(d, a.cursor);
      return cursor === d.cursor ? d : { ...d, cursor };
    }
    case 'debug/toggle-break': {
      const line = d.df.instructions[d.cursor]?.startLine;
      if (line === undefined) return d;
      return { ...d, breaks: d.breaks.includes(line) ? d.breaks.filter((l) => l !== line) : [...d.breaks, line] };
    }
  }
}
