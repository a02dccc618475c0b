import type { CommandDecl } from './command.js';
import { usageLine } from './parse-args.js';

/** The commands as Markdown for the README: usage and summary, from the declarations. */
export function commandsMarkdown(commands: readonly CommandDecl[]): string {
  const row = (c: CommandDecl) => `| \`${usageLine(c).replace(/\|/g, '\\|')}\` | ${c.summary} |`;
  const oneShot = commands.filter((c) => !c.appOnly);
  const appOnly = commands.filter((c) => c.appOnly);
  return [
    '| Command | What it does |',
    '| --- | --- |',
    ...oneShot.map(row),
    '',
    'Only on the app’s `:` line:',
    '',
    '| Command | What it does |',
    '| --- | --- |',
    ...appOnly.map((c) => row(c).replace('`imgsh ', '`:')),
    '',
  ].join('\n');
}
