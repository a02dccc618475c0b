import type { ArgDecl, CommandDecl } from '../../shell/command.js';
import type { Binding } from '../../shell/keymap.js';
import { keyTable } from '../../shell/keymap-doc.js';
import type { Theme } from '../../shell/theme.js';
import type { Line } from '../scroll-lines.js';

function argUsage(a: ArgDecl): string {
  const name = `${a.name}${a.variadic ? '…' : ''}`;
  return a.required ? name : `[${name}]`;
}

/** `name ARG [OPT]` */
export function commandUsage(cmd: CommandDecl): string {
  return [cmd.name, ...cmd.args.map(argUsage)].join(' ');
}

/** Every binding and every command, generated from the keymap and the command registry. */
export function helpLines(keymap: Binding[], commands: readonly CommandDecl[], theme: Theme): Line[] {
  const groups = keyTable(keymap);
  const keyWidth = Math.max(8, ...groups.flatMap((g) => g.rows.map((r) => r.keys.join(', ').length))) + 2;
  const lines: Line[] = [];
  for (const g of groups) {
    lines.push([{ text: `Keys — ${g.title}`, bold: true, color: theme.accent }]);
    for (const r of g.rows) {
      lines.push([{ text: `  ${r.keys.join(', ').padEnd(keyWidth)}`, color: theme.match }, { text: r.description, color: theme.text }]);
    }
    lines.push('');
  }
  lines.push([{ text: 'Commands — type : then a command (Tab completes)', bold: true, color: theme.accent }]);
  const usageWidth = Math.max(8, ...commands.map((c) => commandUsage(c).length)) + 2;
  for (const c of commands) {
    const aliases = c.aliases?.length ? ` (also ${c.aliases.join(', ')})` : '';
    lines.push([
      { text: `  ${commandUsage(c).padEnd(usageWidth)}`, color: theme.match },
      { text: c.summary, color: theme.text },
      { text: aliases, color: theme.muted },
    ]);
  }
  return lines;
}
