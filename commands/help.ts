import { defineCommand, UsageError } from '../src/shell/command.js';
import { helpFor, programHelp } from '../src/shell/help-text.js';
import { VERSION } from '../src/version.js';

export default defineCommand({
  name: 'help',
  asDocker: 'imgsh\'s',
  summary: 'Show the commands, or the options of one',
  args: [{ name: 'COMMAND', complete: 'command', description: 'A command name' }],
  options: [],
  async run(ctx, { args }) {
    if (!args[0]) return { text: programHelp(ctx.commands, VERSION) };
    const cmd = ctx.commands.find((c) => c.name === args[0] || c.aliases?.includes(args[0]));
    if (!cmd) throw new UsageError(`no command "${args[0]}": see \`imgsh help\` for the list`);
    return { text: helpFor(cmd), json: { name: cmd.name, summary: cmd.summary, args: cmd.args, options: cmd.options } };
  },
});
