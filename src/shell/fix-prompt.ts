import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { escapeChar } from '../domain/builds/dockerfile.js';
import { proposeFix, unifiedDiff } from '../domain/builds/fix-change.js';
import { sortShellCommands, type ShellCommand } from '../domain/builds/shell-record.js';
import { ChangedOnDiskError, replaceDockerfile } from './dockerfile-write.js';
import { editFile, editorCommand } from './edit-file.js';
import { readFreshKey } from './key-reader.js';

/** The build a shell's commands may fix: its Dockerfile as the build read it, and the failing line. */
export interface FixTarget {
  dockerfilePath: string;
  dockerfileText: string;
  line: number;
}

const HINT = 'y apply it and rebuild · e edit the change first · n drop it';
const MAX_SHOWN = 60;

function colour(diff: string, tty: boolean): string {
  if (!tty) return diff;
  const paint = (code: string, l: string) => `\x1b[${code}m${l}\x1b[0m`;
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? paint('32', l) : l.startsWith('-') && !l.startsWith('---') ? paint('31', l) : l.startsWith('@@') ? paint('36', l) : l))
    .join('\n');
}

const short = (c: string) => (c.length > 40 ? `${c.slice(0, 39)}…` : c).replace(/\n/g, '⏎');

/**
 * After a shell in the last good layer: proposes what the user ran there as a RUN before the
 * failing instruction, shown as a diff, and asks y/e/n. Resolves true when the Dockerfile was
 * changed (then the caller rebuilds). Says one line for every way nothing is written.
 */
export async function offerFix(input: NodeJS.ReadStream, output: NodeJS.WriteStream, target: FixTarget, commands: ShellCommand[]): Promise<boolean> {
  const say = (text: string) => output.write(`${text}\n`);
  const sorted = sortShellCommands(commands);
  const leftOut = [
    sorted.failed.length ? `${sorted.failed.length} that failed in the shell (${sorted.failed.map((c) => `${short(c.command)}: exit ${c.status}`).join(', ')})` : '',
    sorted.multiline.length ? `${sorted.multiline.length} over several lines` : '',
  ].filter(Boolean);
  if (sorted.kept.length === 0) {
    if (leftOut.length) say(`nothing to add to the Dockerfile: left out ${leftOut.join('; ')}`);
    return false;
  }
  const proposal = proposeFix(target.dockerfileText, target.line, sorted.kept, escapeChar(target.dockerfileText.split(/\r?\n/)));
  const diff = unifiedDiff(basename(target.dockerfilePath), target.dockerfileText, proposal.text).split('\n');
  say(`\nwhat you ran in the shell, as a change to ${target.dockerfilePath}:`);
  say(colour(diff.slice(0, MAX_SHOWN).join('\n'), output.isTTY === true));
  if (diff.length > MAX_SHOWN) say(`… ${diff.length - MAX_SHOWN} more lines (e shows them all)`);
  if (leftOut.length) say(`left out: ${leftOut.join('; ')}`);
  say(HINT);
  for (;;) {
    const key = await readFreshKey(input);
    if (key === 'y' || key === 'Y') return apply(target, proposal.text, say);
    if (key === 'e' || key === 'E') return editThenApply(target, proposal, say);
    if (['n', 'N', 'q', '\x1b', '\x03', '\x04'].includes(key)) {
      say('dropped: the Dockerfile is unchanged');
      return false;
    }
  }
}

async function apply(target: FixTarget, text: string, say: (t: string) => void): Promise<boolean> {
  try {
    await replaceDockerfile(target.dockerfilePath, target.dockerfileText, text);
    say(`${target.dockerfilePath} changed: rebuilding`);
    return true;
  } catch (e) {
    say(e instanceof ChangedOnDiskError ? e.message : `cannot write ${target.dockerfilePath}: ${(e as Error).message.split('\n')[0]}`);
    return false;
  }
}

/** The change opens in the editor in a copy (named like the Dockerfile); written only if the editor ends well. */
async function editThenApply(target: FixTarget, proposal: { text: string; line: number }, say: (t: string) => void): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'imgsh-fix-'));
  const copy = join(dir, basename(target.dockerfilePath));
  try {
    await writeFile(copy, proposal.text, { mode: 0o600 });
    const outcome = await editFile(copy, proposal.line);
    if (outcome.code === 127) return say(`cannot start ${editorCommand()[0]}: set $EDITOR to an editor that is installed; the Dockerfile is unchanged`), false;
    if (outcome.code !== 0) return say(`${outcome.editor} exited with ${outcome.code}: the Dockerfile is unchanged`), false;
    const edited = await readFile(copy, 'utf8');
    if (edited === target.dockerfileText) return say('the change was undone in the editor: the Dockerfile is unchanged'), false;
    return apply(target, edited, say);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
