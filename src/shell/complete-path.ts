import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';

/** Most entries shown for one folder: a Tab in /usr/lib must not freeze the prompt. */
const MAX_ENTRIES = 2000;

/**
 * File names for the word being completed, as typed (`./ar` → `./archive.tar`, `~/x` stays
 * `~/x…`); folders end with `/` so the next Tab goes into them. Unreadable folders give none.
 */
export function pathCandidates(word: string, cwd = process.cwd()): string[] {
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = slash >= 0 ? word.slice(slash + 1) : word;
  const real = dirPart.startsWith('~/') ? homedir() + dirPart.slice(1) : dirPart;
  let entries;
  try {
    entries = readdirSync(real || cwd, { withFileTypes: true }).slice(0, MAX_ENTRIES);
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
    .map((e) => dirPart + e.name + (e.isDirectory() ? '/' : ''));
}
