import { defineCommand } from '../src/shell/command.js';

export default defineCommand({
  name: 'quit',
  aliases: ['q', 'exit'],
  summary: 'Leave the app',
  args: [],
  options: [],
  appOnly: true,
  async run(ctx) {
    ctx.app!.quit();
  },
});
