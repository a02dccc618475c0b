import { defineCommand } from '../src/shell/command.js';

export default defineCommand({
  name: 'details',
  summary: 'Open the details of an image in the app',
  args: [{ name: 'REF', required: true, complete: 'image', description: 'Image reference or id' }],
  options: [],
  appOnly: true,
  async run(ctx, { args }) {
    ctx.app!.showDetails(args[0]);
  },
});
