// Regenerates the README's key table and command list from the keymap and the command
// declarations. `--check` exits 1 when the README is stale (a unit test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { COMMANDS } from '../commands/index.js';
import { commandsMarkdown } from '../src/shell/commands-doc.js';
import { DEFAULT_KEYMAP } from '../src/shell/keymap.js';
import { keymapMarkdown } from '../src/shell/keymap-doc.js';

const PATH = new URL('../README.md', import.meta.url);

function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${text.slice(0, a + start.length)}\n${body}${text.slice(b)}`;
}

export function generatedReadme(current: string): string {
  let text = replaceSection(current, 'keys', keymapMarkdown(DEFAULT_KEYMAP));
  text = replaceSection(text, 'commands', commandsMarkdown(COMMANDS));
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const current = readFileSync(PATH, 'utf8');
  const next = generatedReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md is stale: run `npm run readme`');
      process.exit(1);
    }
  } else {
    writeFileSync(PATH, next);
  }
}
