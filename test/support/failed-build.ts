// Shared by the e2e tests of failed builds: build contexts from the fixture (labelled with the
// run's imgsh.test label, removed afterwards), sessions on a terminal as a user's shell has it,
// lines typed into a debug shell, and what the debugger left on the engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_LABEL, docker, fixtureRef, testLabelValue } from './engine.js';
import { REPO_ROOT, kill, sendKeys, sendText, startTmux, waitFor } from './tmux.js';

export const IMGSH = `node ${join(REPO_ROOT, 'bin/imgsh.js')}`;
/** On a terminal, but as a user's shell would be: CI unset (CI runs these tests with CI=true). */
const TTY_ENV = { CI: '' };
/** The hint a one-shot build shows after a failure on a terminal. */
export const HINT = /x\/Enter shell in the last good layer · f shell in the failed state · e edit, then rebuild · r rebuild · q leave/;
/** A busybox shell's prompt, in any folder. */
export const SHELL_PROMPT = /^\/\S* # ?$/m;

export function failedBuildFixtures() {
  const run = testLabelValue();
  const sessions: string[] = [];
  const dirs: string[] = [];
  return {
    run,
    /** A context whose Dockerfile is FROM the fixture, labelled, then `lines`; `files` beside it (executable). */
    context(lines: string[], files: Record<string, string> = {}): string {
      const dir = mkdtempSync(join(tmpdir(), 'imgsh-e2e-failed-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'Dockerfile'), [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, ...lines].join('\n') + '\n');
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o755 });
      if (Object.keys(files).length) writeFileSync(join(dir, '.dockerignore'), Object.keys(files).join('\n') + '\n');
      return dir;
    },
    async start(cmd: string, env: Record<string, string> = {}): Promise<string> {
      const s = await startTmux({ cmd, env: { ...TTY_ENV, ...env } });
      sessions.push(s);
      return s;
    },
    async killSessions(): Promise<void> {
      for (const s of sessions.splice(0)) await kill(s);
    },
    removeDirs(): void {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Types a line into the shell in session `s` and waits for `expect`. */
export async function shellRun(s: string, line: string, expect: RegExp, timeoutMs = 5000): Promise<string> {
  await sendText(s, line);
  await sendKeys(s, 'Enter');
  return waitFor(s, expect, timeoutMs);
}

/** Containers and images the debugger labelled (imgsh.debug) for process `pid`, and the failed state it kept. */
export async function debugLeft(pid: number, env?: Record<string, string>): Promise<string[]> {
  const filter = `label=imgsh.debug=${hostname()}/${pid}`;
  const ps = await docker(['ps', '-aq', '--filter', filter], { env });
  const images = await docker(['images', '-aq', '--filter', filter], { env });
  const failed = await docker(['ps', '-aq', '--filter', `name=imgsh-failed.${hostname()}.${pid}`], { env });
  return [...ps.split('\n'), ...images.split('\n'), ...failed.split('\n')].filter(Boolean);
}
