import { createTwoFilesPatch } from 'diff';

export interface FixProposal {
  /** The whole Dockerfile with the new RUN. */
  text: string;
  /** The new RUN's first line (1-based). */
  line: number;
}

/** `a || b`, `a; b`, `a & b` would bind wrongly between `&&`: grouped, in the same shell so `cd` still holds. */
function grouped(command: string): string {
  return /;|\|\||(^|[^&])&(?!&)/.test(command) ? `{ ${command.replace(/;\s*$/, '')}; }` : command;
}

/**
 * The Dockerfile with one RUN that repeats `commands` (joined by &&) inserted before the
 * instruction at `beforeLine`, indented like it, with the file's line endings and escape
 * character. Commands holding a newline cannot be one line of a RUN: the caller leaves them out.
 */
export function proposeFix(text: string, beforeLine: number, commands: string[], escape = '\\'): FixProposal {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const at = Math.max(0, Math.min(lines.length, beforeLine - 1));
  const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
  const parts = commands.map(grouped);
  const run = parts.map((p, i) => (i === 0 ? `${indent}RUN ${p}` : `${indent}    && ${p}`));
  const body = run.map((l, i) => (i < run.length - 1 ? `${l} ${escape}` : l));
  return { text: [...lines.slice(0, at), ...body, ...lines.slice(at)].join(eol), line: at + 1 };
}

/** A unified diff of the change, as `git diff` shows one (no carriage returns). */
export function unifiedDiff(name: string, before: string, after: string): string {
  const plain = (t: string) => t.replace(/\r\n/g, '\n');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, plain(before), plain(after), undefined, undefined, { context: 3 })
    .split('\n')
    .filter((l) => !l.startsWith('====='))
    .join('\n')
    .trimEnd();
}
