import type { BuildSnapshot } from '../src/domain/build-steps.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { continueStop, instructionAt, prefixText, runEnd } from '../src/domain/debug-steps.js';
import { instructionForStep, parseDockerfile, firstHeredoc } from '../src/domain/dockerfile.js';
import { BuildInputError } from '../src/engine/build-context.js';
import { cleanDebugArtifacts, keptFailedLabel, removeContainerQuietly, removeSessionImages } from '../src/engine/debug-artifacts.js';
import { DEBUG_LABEL, debugLabelValue, isDeadRun } from '../src/engine/debug-labels.js';
import { EMPTY_BUILD, type DebugView } from '../src/store/build.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import BUILD, { buildOptions } from './build.js';

export default defineCommand({
  name: 'debug',
  summary: 'Step through a Dockerfile: build it instruction by instruction (legacy builder), with breakpoints and a shell at any step',
  args: [{ name: 'CONTEXT', required: true, complete: 'path', description: 'The build context folder' }],
  options: [
    ...BUILD.options.filter((o) => !['tag', 'buildkit', 'no-prompt'].includes(o.name)),
    { name: 'break', type: 'string', repeat: true, value: 'LINE', description: 'Pause before the instruction on LINE (repeatable)' },
  ],
  examples: ['imgsh debug .', 'imgsh debug --break 4 --break 9 .'],
  async run(ctx, { args, options }) {
    const opts = buildOptions(args[0], options);
    if (opts.dockerfile === '-') throw new UsageError('debug reads the Dockerfile from the context (or -f PATH), not stdin');
    const path = opts.dockerfile ?? join(args[0], 'Dockerfile');
    const text = await readFile(path, 'utf8').catch(() => {
      throw new CommandError(`cannot read ${path}: give the folder holding your Dockerfile`);
    });
    const df = parseDockerfile(text);
    if (df.instructions.length === 0) throw new CommandError(`${path} has no instructions`);
    const heredoc = firstHeredoc(df);
    if (heredoc) throw new CommandError(`line ${heredoc.startLine} of ${path} has a heredoc, which only BuildKit reads, and the debugger steps with the legacy builder: imgsh build --buildkit builds it, and on failure x opens the last good layer`);
    const breaks: number[] = [];
    for (const b of (options.break as string[] | undefined) ?? []) {
      const line = Number(b);
      const i = Number.isInteger(line) && line > 0 ? instructionAt(df, line) : null;
      if (i === null) throw new UsageError(`--break ${b}: no instruction on or after that line of ${path}`);
      breaks.push(df.instructions[i].startLine);
    }
    const engine = await ctx.engine();
    const pane = ctx.app?.build;
    const say = (t: string) => ctx.mode === 'cli' && !ctx.json && ctx.stdio?.output.write(t);

    // in the app each step is its own job (`:step`, n/c) with its own signal: this job is over by then
    const ownSignal = pane ? new AbortController().signal : ctx.signal;
    let view: DebugView;
    // the pane's keys change the breakpoints and the cursor there: read back before each change
    const sync = () => {
      const shown = pane?.get().debug;
      if (shown && shown.df === df) view = { ...view, breaks: shown.breaks, cursor: shown.cursor };
    };
    const set = (change: Partial<DebugView>) => {
      sync();
      view = { ...view, ...change };
      pane?.update({ debug: view });
    };
    // every image a step makes carries the debug label (a hidden LABEL step at the end of each
    // prefix build): removed with the session, in the app when it quits; a one-shot's are kept
    // for the printed imgsh shell command, until the next build or debug
    const kept = keptFailedLabel();
    const label = pane ? debugLabelValue() : kept;
    await cleanDebugArtifacts(engine.endpoint, (v) => v === kept || isDeadRun(v)).catch(() => 0);
    const runTo = async (stop: number, signal: AbortSignal) => {
      // runs instructions next … stop-1
      if (stop <= view.next) return;
      const upto = runEnd(df, stop - 1);
      set({ busy: true, error: null });
      const built = [...(view.made ?? [])];
      // the steps built so far (not found in the cache), also when the step is cancelled or fails midway
      const note = (snapshot: BuildSnapshot) => {
        for (const st of snapshot.steps) if (st.status === 'done' && st.imageId && !built.includes(st.imageId)) built.push(st.imageId);
      };
      const result = await engine.build({ ...opts, labels: { ...opts.labels, [DEBUG_LABEL]: label }, dockerfile: '-', dockerfileText: prefixText(text, df, upto) }, {
        signal,
        onText: (t) => say(t),
        onUpdate: (snapshot) => {
          note(snapshot);
          pane?.update({ snapshot, selected: Math.max(0, snapshot.steps.length - 1) });
        },
      }).catch((e: unknown) => {
        const why = signal.aborted ? 'cancelled: n or c runs it again' : e instanceof BuildInputError ? e.message : (e as Error).message.split('\n')[0];
        set({ busy: false, error: why, made: built });
        return null;
      });
      if (!result) return;
      const snap = result.snapshot;
      // every step's image (cached ones too), for `d` on any line that ran
      const images = (view.images ?? []).slice();
      for (const st of snap.steps) {
        const ins = st.imageId ? instructionForStep(df, st.number, opts.target) : null;
        if (ins) images[df.instructions.indexOf(ins)] = st.imageId;
      }
      note(snap);
      set({ images, made: built });
      if (snap.failure) {
        // the failed step's container is of no use here: `x` opens the last completed step
        const failedCtr = snap.steps.at(-1)?.containerId;
        if (failedCtr) await removeContainerQuietly(engine.endpoint, failedCtr);
        const done = snap.steps.filter((s) => s.status !== 'failed' && s.imageId).at(-1);
        // the failing instruction: the step count maps 1:1 onto instructions up to `upto`
        const failedAt = Math.min(upto, Math.max(view.next, snap.steps.length - 1));
        set({ busy: false, next: failedAt, cursor: failedAt, lastImage: done?.imageId ?? view.lastImage, error: `line ${df.instructions[failedAt].startLine} failed: ${snap.failure.message}` });
        return;
      }
      set({ busy: false, next: upto + 1, cursor: Math.min(upto + 1, df.instructions.length - 1), lastImage: snap.imageId?.replace(/^sha256:/, '').slice(0, 12) ?? null });
    };
    view = {
      text,
      df,
      next: 0,
      breaks,
      cursor: 0,
      lastImage: null,
      images: [],
      busy: false,
      error: null,
      step(mode, signal = ownSignal) {
        sync();
        return runTo(mode === 'next' ? runEnd(df, view.next) + 1 : continueStop(df, view.next, view.breaks), signal);
      },
    };
    const where = () => (view.next >= df.instructions.length ? 'at the end' : `paused before line ${df.instructions[view.next].startLine}: ${df.instructions[view.next].keyword} ${df.instructions[view.next].args}`);
    if (pane) {
      // an earlier session in the pane ends here: its images go
      await removeSessionImages(engine.endpoint, pane.get().debug?.made ?? []);
      pane.update({ ...EMPTY_BUILD, line: null, dockerfilePath: path, debug: view });
      ctx.app?.showPane?.('build');
      return { text: `debug: ${where()} (Build pane: n next · c continue · b breakpoint · x shell)` };
    }
    // one-shot: continue to the first breakpoint (or the end) and say where it stopped
    await view.step('continue');
    if (view.error) throw new CommandError(`debug: ${view.error}${view.lastImage ? `\n  last completed step's image ${view.lastImage}: imgsh shell ${view.lastImage}` : ''}`);
    return { text: `debug: ${where()}${view.lastImage ? `; last completed step's image ${view.lastImage}: imgsh shell ${view.lastImage}` : ''}`, json: { next: view.next, lastImage: view.lastImage } };
  },
});
