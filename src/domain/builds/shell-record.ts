/** One command line the user ran in a debug shell, with the status it ended with. */
export interface ShellCommand {
  command: string;
  status: number;
}

/**
 * The record the shell writes before each prompt: `SEQ<TAB>STATUS<TAB>COMMAND` per line, SEQ being
 * the history number. A prompt after an empty line or a repeated command writes SEQ again: the
 * last status for a SEQ wins. A line that is not a record continues the command before it (a
 * command with a newline in quotes).
 */
export function parseShellRecord(text: string): ShellCommand[] {
  const bySeq = new Map<string, ShellCommand>();
  let last: ShellCommand | null = null;
  for (const line of text.split('\n')) {
    const m = /^(\d+)\t(\d+)\t(.*)$/.exec(line);
    if (m) {
      const [, seq, status, command] = m;
      last = { command, status: Number(status) };
      // a later entry with the same number is the same command again (or an empty line)
      bySeq.delete(seq);
      bySeq.set(seq, last);
    } else if (last && line !== '') {
      last.command += `\n${line}`;
    }
  }
  return [...bySeq.values()];
}

/** Commands that only look at things: left out of a proposed RUN unless they write somewhere. */
const LOOKING = new Set('ls ll la cat less more head tail pwd which type env printenv id whoami history clear man file stat du df find grep wc sort uniq tree echo printf uname date help exit logout'.split(' '));

/** Every part (split at ; && || |) starts with a looking command, and nothing is redirected or substituted. */
function onlyLooks(command: string): boolean {
  if (command.includes('IMGSH_FAILED_CMD')) return true; // the retry of the failed command
  // 2>&1 and >/dev/null write no file; $((…)) is arithmetic
  const plain = command.replace(/\d*>&\d|\d*>\s*\/dev\/null/g, '');
  if (/[>`]|\$\((?!\()/.test(plain)) return false;
  return plain.split(/;|&&|\|\||\|/).every((part) => {
    const first = part.trim().split(/\s+/)[0] ?? '';
    return first === '' || first.startsWith('#') || LOOKING.has(first);
  });
}

export interface ShellOutcome {
  /** What goes into the proposed RUN, in the order it ran. */
  kept: string[];
  /** Commands that ended non-zero: left out. */
  failed: ShellCommand[];
  /** Commands that only looked (ls, cat…), and the retry of the failed command: left out. */
  looked: string[];
  /** Commands over several lines (a newline in quotes): one RUN line cannot hold them. */
  multiline: string[];
}

/** Sorts what ran in the shell into what a RUN line would repeat and what it would leave out. */
export function sortShellCommands(commands: ShellCommand[]): ShellOutcome {
  const out: ShellOutcome = { kept: [], failed: [], looked: [], multiline: [] };
  for (const c of commands) {
    if (onlyLooks(c.command)) out.looked.push(c.command);
    else if (c.status !== 0) out.failed.push(c);
    else if (c.command.trim().includes('\n')) out.multiline.push(c.command);
    else out.kept.push(c.command.trim());
  }
  return out;
}
