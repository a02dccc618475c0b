import type { BuildSnapshot } from '../domain/builds/build-steps.js';
import { continueStop, prefixText, runEnd } from '../domain/builds/debug-steps.js';
import { instructionForStep, type Dockerfile } from '../domain/builds/dockerfile.js';
import { BuildInputError } from '../engine/builds/build-context.js';
import { removeContainerQuietly } from '../engine/api/containers.js';
import { DEBUG_LABEL } from '../engine/debug/debug-labels.js';
import type { BuildOptions } from '../engine/operation-types.js';
import type { Engine } from '../engine/types.js';
import type { BuildPort } from './build.js';

/** A debug session's handle: what runs its steps. Kept apart from the state, which is data. */
export interface DebugSession {
  /** Runs the next instruction, or continues to the next breakpoint / failure / end; the signal cancels it. */
  step(mode: 'next' | 'continue', signal: AbortSignal): Promise<void>;
}

export interface DebugSetup {
  engine: Engine;
  /** The build's options (context, args, target, labels); the Dockerfile is given as each prefix. */
  opts: BuildOptions;
  text: string;
  df: Dockerfile;
  /** The debug label every step's image carries (removed with the session, or kept for a one-shot's shell). */
  label: string;
  /** The builder's output (the one-shot prints it). */
  onText?(text: string): void;
}

/**
 * The effects of a step-through session: each run builds a prefix of the Dockerfile with the
 * legacy builder (the cache makes the earlier steps instant) and reports it to `pane` as
 * actions; where it is paused, the breakpoints and the images so far are read from `pane`.
 */
export function createDebugSession(setup: DebugSetup, pane: BuildPort): DebugSession {
  const { engine, opts, text, df, label } = setup;

  /** Runs instructions next … stop-1. */
  async function runTo(stop: number, signal: AbortSignal): Promise<void> {
    const start = pane.get().debug;
    if (!start || stop <= start.next) return;
    const upto = runEnd(df, stop - 1);
    pane.dispatch({ type: 'debug/step-started' });
    const built = [...(start.made ?? [])];
    // the steps built so far (not found in the cache), also when the step is cancelled or fails
    // midway; never a FROM, whose image is the base (on the containerd store it reads as done)
    const note = (snapshot: BuildSnapshot) => {
      for (const st of snapshot.steps) {
        if (st.status === 'done' && st.imageId && !/^FROM\b/i.test(st.instruction) && !built.includes(st.imageId)) built.push(st.imageId);
      }
    };
    const result = await engine.build({ ...opts, labels: { ...opts.labels, [DEBUG_LABEL]: label }, dockerfile: '-', dockerfileText: prefixText(text, df, upto) }, {
      signal,
      onText: (t) => setup.onText?.(t),
      onUpdate: (snapshot) => {
        note(snapshot);
        pane.dispatch({ type: 'build/progress', snapshot });
      },
    }).catch((e: unknown) => {
      const why = signal.aborted ? 'cancelled: n or c runs it again' : e instanceof BuildInputError ? e.message : (e as Error).message.split('\n')[0];
      pane.dispatch({ type: 'debug/step-failed', error: why, made: built });
      return null;
    });
    if (!result) return;
    const snap = result.snapshot;
    // every step's image (cached ones too), for `d` on any line that ran
    const images = (pane.get().debug?.images ?? []).slice();
    for (const st of snap.steps) {
      const ins = st.imageId ? instructionForStep(df, st.number, opts.target) : null;
      if (ins) images[df.instructions.indexOf(ins)] = st.imageId;
    }
    note(snap);
    pane.dispatch({ type: 'debug/step-built', images, made: built });
    if (snap.failure) {
      // the failed step's container is of no use here: `x` opens the last completed step
      const failedCtr = snap.steps.at(-1)?.containerId;
      if (failedCtr) await removeContainerQuietly(engine.endpoint, failedCtr);
      const done = snap.steps.filter((s) => s.status !== 'failed' && s.imageId).at(-1);
      // the failing instruction: the step count maps 1:1 onto instructions up to `upto`
      const failedAt = Math.min(upto, Math.max(start.next, snap.steps.length - 1));
      const lastImage = done?.imageId ?? pane.get().debug?.lastImage ?? null;
      pane.dispatch({ type: 'debug/step-done', next: failedAt, lastImage, error: `line ${df.instructions[failedAt].startLine} failed: ${snap.failure.message}` });
      return;
    }
    pane.dispatch({ type: 'debug/step-done', next: upto + 1, lastImage: snap.imageId?.replace(/^sha256:/, '').slice(0, 12) ?? null, error: null });
  }

  return {
    step(mode, signal) {
      const now = pane.get().debug;
      if (!now) return Promise.resolve();
      return runTo(mode === 'next' ? runEnd(df, now.next) + 1 : continueStop(df, now.next, now.breaks), signal);
    },
  };
}
