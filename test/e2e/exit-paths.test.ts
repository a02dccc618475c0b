// Every way out of the app gives the terminal back (alternate screen off, cursor shown) and
// leaves no process behind: Ctrl-C, :quit, SIGTERM, SIGHUP, and the terminal going away.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, fixtureRef, engineStatus } from '../support/engine.js';
import {
  alive,
  argv,
  assertRestored,
  descendants,
  kill,
  panePid,
  programPid,
  REPO_ROOT,
  sendKeys,
  sendText,
  stackTraceLines,
  startTmux,
  tmux,
  tmuxAvailable,
  waitFor,
  waitForExit,
  waitForProcessGone,
} from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const fixtureRepo = fixtureRef().replace(/:[^:/]*$/, '');
const sessions: string[] = [];

/** Starts the app and waits until it shows the list and is connected; returns the session and the node pid. */
async function startApp(): Promise<{ session: string; pid: number }> {
  const session = await startTmux({ cols: 120, rows: 40 });
  sessions.push(session);
  await waitFor(session, new RegExp(`${fixtureRepo}\\s+latest`), 8000);
  await waitFor(session, engineStatus());
  return { session, pid: await programPid(session) };
}

/** After the app ended: restored terminal, the exit code, no stack trace, node gone. */
async function assertCleanExit(session: string, pid: number, code: number): Promise<void> {
  const screen = await assertRestored(session, code);
  assert.deepEqual(stackTraceLines(screen), [], `stack trace left on the terminal:\n${screen}`);
  await waitForProcessGone(pid, 2000);
}

describe('exit paths', { skip }, () => {
  after(async () => {
    for (const s of sessions) await kill(s);
    await cleanup(); // also removes this process's DOCKER_CONFIG dir
  });

  it('Ctrl-C quits with 0', async () => {
    const { session, pid } = await startApp();
    await sendKeys(session, 'C-c');
    await assertCleanExit(session, pid, 0);
  });

  it('Ctrl-C quits from the search line too', async () => {
    const { session, pid } = await startApp();
    await sendText(session, '/');
    await waitFor(session, /^\//m);
    await sendKeys(session, 'C-c');
    await assertCleanExit(session, pid, 0);
  });

  it(':quit quits with 0', async () => {
    const { session, pid } = await startApp();
    await sendText(session, ':');
    await waitFor(session, /^:/m);
    await sendText(session, 'quit');
    await waitFor(session, /^:quit/m);
    await sendKeys(session, 'Enter');
    await assertCleanExit(session, pid, 0);
  });

  it('SIGTERM restores the terminal and exits 143', async () => {
    const { session, pid } = await startApp();
    process.kill(pid, 'SIGTERM');
    await assertCleanExit(session, pid, 143);
  });

  it('SIGHUP with the terminal still there restores it and exits 129', async () => {
    const { session, pid } = await startApp();
    process.kill(pid, 'SIGHUP');
    await assertCleanExit(session, pid, 129);
  });

  it('the terminal going away (tmux kill-session: SIGHUP) ends the process, leaving nothing behind', async () => {
    const { session, pid } = await startApp();
    const shell = await panePid(session);
    const tree = [shell, ...descendants(shell)];
    assert.ok(tree.includes(pid));
    await tmux('kill-session', '-t', session);
    await waitForProcessGone(pid, 2000);
    // The pane's shell, its subshell and the `sleep` after the program go with the terminal too.
    for (const p of tree) await waitForProcessGone(p, 2000);
    const left = tree.filter(alive).map((p) => `${p}: ${argv(p)?.join(' ')}`);
    assert.deepEqual(left, []);
  });

  // ssh://HOST runs dial-stdio through a ControlMaster; ssh://HOST/SOCKET forwards the socket
  for (const host of ['ssh://nobody@imgsh-e2e.invalid', 'ssh://nobody@imgsh-e2e.invalid/var/run/docker.sock']) {
    it(`a bad theme with an ssh engine that never answers (${host}): one line and exit 1 at once, no ssh left`, async () => {
      // The app starts the engine's login before it reads the config; a config error must not wait for it.
      const bin = mkdtempSync(join(tmpdir(), 'imgsh-e2e-ssh-'));
      try {
        const marker = `29.${process.pid}${host.length}`; // a sleep no one else runs
        writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nexec sleep ${marker}\n`);
        chmodSync(join(bin, 'ssh'), 0o755);
        // PATH is set on the command itself: tmux's shell may set its own
        const session = await startTmux({
          cmd: `PATH='${bin}':"$PATH" node ${join(REPO_ROOT, 'bin/imgsh.js')} --theme nope`,
          env: { DOCKER_HOST: host },
        });
        sessions.push(session);
        assert.equal(await waitForExit(session, 5000), 1);
        const screen = await waitFor(session, /unknown theme "nope"/);
        assert.deepEqual(stackTraceLines(screen), []);
        // the ssh process is gone (a zombie not yet reaped counts as gone, as everywhere here)
        const ssh = spawnSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
        for (const pid of ssh) await waitForProcessGone(Number(pid), 2000);
      } finally {
        rmSync(bin, { recursive: true, force: true });
      }
    });
  }
});
