import { defineCommand } from '../src/shell/command.js';

export default defineCommand({
  name: 'refresh',
  summary: 'Reload images and disk usage from the engine',
  args: [],
  options: [],
  appOnly: true,
  async run(ctx) {
    ctx.app!.refresh();
  },
});
