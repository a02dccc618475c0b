import type { CommandDecl } from './command.js';
import { usageLine } from './parse-args.js';

/** The commands as Markdown for the README: usage and summary, from the declarations. */
export function commandsMarkdown(commands: readonly CommandDecl[]): string {
  const usage = (c: CommandDecl) => `\`${usageLine(c).replace(/\|/g, '\\|')}\``;
  const row = (c: CommandDecl) => `| ${usage(c)} | ${c.summary} |`;
  const oneShot = commands.filter((c) => !c.appOnly);
  const appOnly = commands.filter((c) => c.appOnly);
  return [
    '| Command | What it does | Beside docker |',
    '| --- | --- | --- |',
    ...oneShot.map((c) => `| ${usage(c)} | ${c.summary} | ${(c.asDocker ?? '').replace(/\|/g, '\\|')} |`),
    '',
    'Only on the app’s `:` line:',
    '',
    '| Command | What it does |',
    '| --- | --- |',
    ...appOnly.map((c) => row(c).replace('`imgsh ', '`:')),
    '',
  ].join('\n');
}
