import type { CommandDecl } from './command.js';
import { COMMON_OPTIONS, usageLine } from './parse-args.js';
import { dockerHelp } from './docker-help.js';

/** `imgsh help CMD` / `imgsh CMD --help`. */
export function helpFor(cmd: CommandDecl): string {
  if (cmd.dockerForm) return dockerHelp(cmd);
  const lines = [`usage: ${usageLine(cmd)}`, '', cmd.summary];
  if (cmd.aliases?.length) lines.push('', `aliases: ${cmd.aliases.join(', ')}`);
  if (cmd.args.length) {
    lines.push('', 'arguments:');
    for (const a of cmd.args) lines.push(`  ${a.name.padEnd(22)} ${a.description}`);
  }
  const opts = [...cmd.options, ...COMMON_OPTIONS];
  lines.push('', 'options:');
  for (const o of opts) {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.type === 'string' ? ` ${o.value ?? o.name.toUpperCase()}` : ''}`;
    lines.push(`  ${flag.padEnd(22)} ${o.description}${o.repeat ? ' (repeatable)' : ''}`);
  }
  if (cmd.examples?.length) lines.push('', 'examples:', ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

export const GLOBAL_OPTIONS = [
  ['-H, --host URL', 'Engine address (unix://, tcp://, ssh://); overrides DOCKER_HOST'],
  ['-c, --context NAME', 'Docker context to use; overrides DOCKER_CONTEXT'],
  ['--theme NAME', 'Colour theme: dark, light, high-contrast, monochrome'],
  ['--keep-going', 'In a stdin script, go on after a failing line'],
  ['-v, --version', 'Print the version'],
  ['-h, --help', 'Print this help'],
] as const;

/** `imgsh --help` / `imgsh help`. */
export function programHelp(commands: readonly CommandDecl[], version: string): string {
  const visible = commands.filter((c) => !c.appOnly);
  const width = Math.max(...visible.map((c) => c.name.length)) + 2;
  return [
    `imgsh ${version} — an image shell for Docker`,
    '',
    'usage: imgsh [OPTIONS]              the full-screen app (on a terminal)',
    '       imgsh [OPTIONS] COMMAND ...  one command',
    '       imgsh [OPTIONS] < script     commands from stdin, one per line',
    '',
    'commands:',
    ...visible.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'options:',
    ...GLOBAL_OPTIONS.map(([f, d]) => `  ${f.padEnd(20)}${d}`),
    '',
    'Run `imgsh help COMMAND` for a command’s options.',
  ].join('\n');
}
