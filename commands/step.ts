import { CancelledError } from '../src/engine/transport/op-errors.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';

/** The debugger's `n` and `c`: a job like any other, so Esc cancels the step's build. */
export default defineCommand({
  name: 'step',
  summary: 'Debugger: run the next instruction (or continue to a breakpoint) of the debug session in the Build pane',
  args: [{ name: 'MODE', complete: () => ['next', 'continue'], description: 'next (the default) or continue' }],
  options: [],
  appOnly: true,
  appJob: true,
  async run(ctx, { args }) {
    const mode = args[0] ?? 'next';
    if (mode !== 'next' && mode !== 'continue') throw new UsageError(`step ${mode}: give next or continue`);
    const pane = ctx.app?.build;
    const dbg = pane?.get().debug;
    // the state says where the session is; its handle runs the steps
    const session = pane?.session();
    if (!pane || !dbg || !session) throw new CommandError('no debug session: start one with :debug CONTEXT');
    if (dbg.busy) throw new CommandError('the debugger is still building');
    if (dbg.next >= dbg.df.instructions.length) throw new CommandError('the whole Dockerfile ran');
    await session.step(mode, ctx.signal);
    if (ctx.signal.aborted) throw new CancelledError('step');
    const now = pane.get().debug;
    if (now?.error) throw new CommandError(now.error);
    const ins = now && now.next < now.df.instructions.length ? now.df.instructions[now.next] : null;
    return { text: ins ? `paused before line ${ins.startLine}: ${ins.keyword} ${ins.args}` : 'every instruction ran' };
  },
});
