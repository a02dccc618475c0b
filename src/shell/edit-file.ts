import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { childStdio, stopReading } from '../terminal/tty-input.js';

export interface EditOutcome {
  /** The editor's exit code (127: it could not be started). */
  code: number;
  /** The file's text differs from before. */
  changed: boolean;
  /** What was run, for messages: `vi`. */
  editor: string;
}

/** `$EDITOR`, else `$VISUAL`, else `vi`; a value may carry arguments (`code -w`). */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env.EDITOR?.trim() || env.VISUAL?.trim() || 'vi';
  return value.split(/\s+/);
}

/**
 * Opens `path` at `line` in the user's editor on this terminal (the caller has given it up) and
 * says whether the file changed. Never runs through a shell.
 */
export async function editFile(path: string, line: number, env: NodeJS.ProcessEnv = process.env): Promise<EditOutcome> {
  const [editor, ...args] = editorCommand(env);
  const before = await readFile(path, 'utf8').catch(() => null);
  const code = await new Promise<number>((resolve) => {
    // whatever re-armed the terminal's reading since the app let go of it: the keys are the editor's
    stopReading(process.stdin);
    const tty = childStdio();
    const child = spawn(editor, [...args, `+${line}`, path], { stdio: tty.stdio, shell: false });
    child.on('close', tty.close);
    child.on('error', () => (tty.close(), resolve(127)));
    child.on('exit', (c) => resolve(c ?? 1));
  });
  const after = await readFile(path, 'utf8').catch(() => null);
  return { code, changed: after !== null && after !== before, editor };
}

/** One line for an edit that leads to no rebuild, or null when the rebuild goes ahead. */
export function editRefusal(outcome: EditOutcome): string | null {
  if (outcome.code === 127) return `cannot start ${outcome.editor}: set $EDITOR to an editor that is installed`;
  if (outcome.code !== 0) return `${outcome.editor} exited with ${outcome.code}: nothing rebuilt`;
  if (!outcome.changed) return 'the Dockerfile is unchanged: nothing rebuilt';
  return null;
}
