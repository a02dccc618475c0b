// `--help` of a docker form in docker's shape (cobra's usage template as docker's CLI sets it):
// Usage, the summary, Aliases, Options sorted by name with their value type, then imgsh's extras
// (flags docker does not have) and examples.
import type { CommandDecl, OptionDecl } from './command.js';
import { dockerNames } from './docker-forms.js';
import { COMMON_OPTIONS } from './parse-args.js';

function usage(cmd: CommandDecl): string {
  const args = cmd.args.map((a) => {
    const n = a.variadic ? `${a.name} [${a.name}...]` : a.name;
    return a.required ? n : `[${n}]`;
  });
  return ['imgsh', cmd.name, ...(cmd.options.length ? ['[OPTIONS]'] : []), ...args].join(' ');
}

/** cobra's flag column: `-a, --all`, `    --digests`, with the value's kind after a string flag. */
function flagRows(options: readonly OptionDecl[]): [string, string][] {
  return [...options]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((o) => {
      const value = o.type === 'string' ? ` ${o.repeat ? 'list' : 'string'}` : '';
      return [`${o.short ? `-${o.short}, ` : '    '}--${o.name}${value}`, `${o.description}${o.repeat ? ' (repeatable)' : ''}`];
    });
}

function table(rows: [string, string][], width: number): string[] {
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}   ${text}`);
}

export function dockerHelp(cmd: CommandDecl): string {
  const all = [...cmd.options, ...COMMON_OPTIONS.filter((o) => o.name !== 'help')];
  const [docker, extras] = [all.filter((o) => !o.extra && o.name !== 'json'), all.filter((o) => o.extra || o.name === 'json')];
  const rows = [flagRows(docker), flagRows(extras)];
  const width = Math.max(...rows.flat().map(([flag]) => flag.length));
  const aliases = [...dockerNames(cmd.name), ...(cmd.aliases ?? [])].map((a) => `imgsh ${a}`);
  const out = [`Usage:  ${usage(cmd)}`, '', cmd.summary];
  if (aliases.length) out.push('', 'Aliases:', `  ${[...aliases, `imgsh ${cmd.name}`].join(', ')}`);
  if (rows[0].length) out.push('', 'Options:', ...table(rows[0], width));
  if (rows[1].length) out.push('', "imgsh's own options:", ...table(rows[1], width));
  if (cmd.asDocker) out.push('', `Beside docker: ${cmd.asDocker.replace(/`/g, '')}`);
  if (cmd.examples?.length) out.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return out.join('\n');
}
