import { defineCommand } from '../src/shell/command.js';

export default defineCommand({
  name: 'theme',
  summary: 'Switch the colour theme',
  args: [{ name: 'NAME', required: true, description: 'dark, light, high-contrast, monochrome or a user theme' }],
  options: [],
  appOnly: true,
  async run(ctx, { args }) {
    ctx.app!.setTheme(args[0]);
    return { text: `theme ${args[0]}` };
  },
});
