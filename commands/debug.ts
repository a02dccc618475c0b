import { join } from 'node:path';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import BUILD, { buildOptions } from './build.js';

export default defineCommand({
  name: 'debug',
  asDocker: 'imgsh\'s (buildg\'s debugger)',
  summary: 'Step through a Dockerfile: build it instruction by instruction (legacy builder), with breakpoints and a shell at any step',
  args: [{ name: 'CONTEXT', required: true, complete: 'path', description: 'The build context folder' }],
  options: [
    ...BUILD.options.filter((o) => !['tag', 'buildkit', 'no-prompt'].includes(o.name)),
    { name: 'break', type: 'string', repeat: true, value: 'LINE', description: 'Pause before the instruction on LINE (repeatable)' },
  ],
  examples: ['imgsh debug .', 'imgsh debug --break 4 --break 9 .'],
  async run(ctx, { args, options }) {
    const [{ readFile }, { instructionAt }, { parseDockerfile, firstHeredoc }, { cleanDebugArtifacts, keptFailedLabel, removeSessionImages }, { debugLabelValue, isDeadRun }, { localBuildPort }, { createDebugSession }] = await Promise.all([
      import('node:fs/promises'),
      import('../src/domain/builds/debug-steps.js'),
      import('../src/domain/builds/dockerfile.js'),
      import('../src/engine/debug/debug-artifacts.js'),
      import('../src/engine/debug/debug-labels.js'),
      import('../src/store/build-controls.js'),
      import('../src/store/debug-session.js'),
    ]);
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
    const app = ctx.app?.build;
    // one-shot: a pane of its own that nobody shows, changed by the same actions
    const pane = app ?? localBuildPort();
    // every image a step makes carries the debug label (a hidden LABEL step at the end of each
    // prefix build): removed with the session, in the app when it quits; a one-shot's are kept
    // for the printed imgsh shell command, until the next build or debug
    const kept = keptFailedLabel();
    const label = app ? debugLabelValue() : kept;
    await cleanDebugArtifacts(engine.endpoint, (v) => v === kept || isDeadRun(v)).catch(() => 0);
    const onText = ctx.mode === 'cli' && !ctx.json && ctx.stdio ? (t: string) => void ctx.stdio!.output.write(t) : undefined;
    const session = createDebugSession({ engine, opts, text, df, label, onText }, pane);
    const started = { type: 'debug/started', dockerfilePath: path, text, df, breaks } as const;
    const where = () => {
      const view = pane.get().debug!;
      const ins = df.instructions[view.next];
      return ins ? `paused before line ${ins.startLine}: ${ins.keyword} ${ins.args}` : 'at the end';
    };
    if (app) {
      // an earlier session in the pane ends here: its images go
      await removeSessionImages(engine.endpoint, app.get().debug?.made ?? []);
      app.dispatch(started);
      // in the app each step is its own job (`:step`, n/c) with its own signal: this job is over by then
      app.attach(session);
      ctx.app?.showPane?.('build');
      return { text: `debug: ${where()} (Build pane: n next · c continue · b breakpoint · x shell)` };
    }
    // one-shot: continue to the first breakpoint (or the end) and say where it stopped
    pane.dispatch(started);
    await session.step('continue', ctx.signal);
    const view = pane.get().debug!;
    if (view.error) throw new CommandError(`debug: ${view.error}${view.lastImage ? `\n  last completed step's image ${view.lastImage}: imgsh shell ${view.lastImage}` : ''}`);
    return { text: `debug: ${where()}${view.lastImage ? `; last completed step's image ${view.lastImage}: imgsh shell ${view.lastImage}` : ''}`, json: { next: view.next, lastImage: view.lastImage } };
  },
});
