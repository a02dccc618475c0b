import { DEBUG_LABEL } from '../src/engine/debug/debug-labels.js';
import { CommandError, defineCommand } from '../src/shell/command.js';

export default defineCommand({
  name: 'shell',
  asDocker: 'imgsh\'s (like `docker run -it --rm IMAGE sh`, with the layer\'s failed command ready)',
  summary: 'An interactive shell in an image (a build layer); its container is removed on exit',
  args: [{ name: 'IMAGE', required: true, complete: 'image', description: 'An image id or reference, or a stopped container (a failed build step: committed for the shell only)' }],
  options: [{ name: 'failed-cmd', type: 'string', value: 'CMD', description: `Put CMD in $IMGSH_FAILED_CMD and print it (${DEBUG_LABEL})` }],
  examples: ['imgsh shell 3f2a1b0c9d8e', "imgsh shell 3f2a1b0c9d8e --failed-cmd 'make test'"],
  async run(ctx, { args, options }) {
    if (ctx.mode !== 'cli' || !process.stdin.isTTY) throw new CommandError('shell needs a terminal: run it as `imgsh shell IMAGE` from one');
    const [{ removeContainerQuietly }, { failedLabelOf }, { NoShellError }, { ToolboxError }, { toolboxImage }] = await Promise.all([
      import('../src/engine/api/containers.js'),
      import('../src/engine/debug/debug-artifacts.js'),
      import('../src/engine/debug/debug-shell.js'),
      import('../src/engine/debug/toolbox.js'),
      import('../src/shell/config.js'),
    ]);
    const engine = await ctx.engine();
    const image = args[0];
    const label = await failedLabelOf(engine.endpoint, image);
    try {
      const { code } = await engine.shell({ image, failedCmd: (options['failed-cmd'] as string | undefined) ?? null, toolbox: toolboxImage() });
      return { text: code === 0 ? '' : `shell exited with ${code}` };
    } catch (e) {
      if (e instanceof NoShellError || e instanceof ToolboxError) throw new CommandError(e.message);
      throw e;
    } finally {
      // a failed state a one-shot build kept for this shell goes with it
      if (label?.endsWith('/failed')) await removeContainerQuietly(engine.endpoint, image);
    }
  },
});
