// `imgsh` on a terminal draws its image list before the app has loaded (src/first-frame.ts), and
// the app takes over from it: keys typed in between wait for the app, in order, and Ctrl-C then
// is the app's quit (exit 0), not a signal. The process is stopped as soon as the early frame
// shows, so the keys surely come before the app reads any (it loads ~0.3 s after that frame).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, engineStatus } from '../support/engine.js';
import { assertRestored, capture, IMGSH_CMD, kill, programPid, resize, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor } from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const sessions: string[] = [];
// no config.json and no theme file: the plain start the early frame is drawn for
const config = mkdtempSync(join(tmpdir(), 'imgsh-e2e-first-'));

/** Starts the app and stops its process the moment the list shows (the early frame); returns the session and pid, stopped. */
async function startStopped(configHome = config, cmd = IMGSH_CMD): Promise<{ session: string; pid: number; early: string }> {
  const session = await startTmux({ cols: 120, rows: 40, env: { XDG_CONFIG_HOME: configHome }, cmd });
  sessions.push(session);
  const pid = await programPid(session);
  const deadline = Date.now() + 8000;
  for (;;) {
    const screen = await capture(session);
    if (/\b(\d+) of \1\b/.test(screen)) {
      process.kill(pid, 'SIGSTOP');
      return { session, pid, early: screen };
    }
    if (Date.now() > deadline) throw new Error(`no list on screen:\n${screen}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the first frame, drawn before the app loads', { skip }, () => {
  after(async () => {
    for (const s of sessions) await kill(s);
    rmSync(config, { recursive: true, force: true });
    await cleanup();
  });

  it('shows the list, and keys typed before the app loaded reach it in order', async () => {
    const { session, pid, early } = await startStopped();
    try {
      // the newest image selected, whichever it is (other suites make images meanwhile)
      assert.match(early, /^ ›\S+\s+\S+\s+[0-9a-f]{12}\s/m);
      // the version is not waited for (Docker 20.10 takes longer for it than for the list)
      assert.match(early, /connecting…|Docker|Podman/);
      await sendText(session, '/busy');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const screen = await waitFor(session, /^\/busy/m);
    await waitFor(session, engineStatus());
    assert.match(screen, /matching “busy”/);
    assert.deepEqual(stackTraceLines(screen), []);
    await sendKeys(session, 'Escape');
    await waitFor(session, /^ \? help/m);
    await sendText(session, 'q');
    await assertRestored(session, 0);
  });

  it('Ctrl-C pressed before the app loaded quits through the app: exit 0, terminal restored', async () => {
    const { session, pid } = await startStopped();
    try {
      await sendKeys(session, 'C-c');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const screen = await assertRestored(session, 0);
    assert.deepEqual(stackTraceLines(screen), [], screen);
  });

  it('without the early frame (an option given), Ctrl-C pressed as the first frame shows is the quit too', async () => {
    // `--theme` is an argument: the app draws the first frame itself, after Ink loaded. Stopped
    // the moment the list shows, a Ctrl-C is the signal unless raw mode was on before that frame.
    const { session, pid, early } = await startStopped(config, `${IMGSH_CMD} --theme dark`);
    try {
      assert.match(early, /\? help/);
      await sendKeys(session, 'C-c');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const screen = await assertRestored(session, 0);
    assert.deepEqual(stackTraceLines(screen), [], screen);
  });

  it('resized before the app drew: the early frame is gone from the screen, and the app redraws at each size', async () => {
    const { session, pid } = await startStopped();
    try {
      await resize(session, 50, 12);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // the app's first frame at 50×12 is one line: nothing of the early frame may stay beside it
    const small = await waitFor(session, /too small/);
    assert.doesNotMatch(small, /REPOSITORY|sorted by/, small);
    await resize(session, 120, 40);
    const big = await waitFor(session, /^ \? help/m);
    assert.doesNotMatch(big, /too small/, big);
    assert.match(big, /\b(\d+) of \1\b/);
    await sendText(session, 'q');
    await assertRestored(session, 0);
  });

  it("a config.json's keys and theme are in the early frame, and the app keeps them", async () => {
    const home = join(config, 'with-config');
    mkdirSync(join(home, 'imgsh'), { recursive: true });
    writeFileSync(join(home, 'imgsh', 'config.json'), JSON.stringify({ theme: 'light', mouse: false, keys: { quit: ['ctrl+q'] } }));
    const { session, pid, early } = await startStopped(home);
    process.kill(pid, 'SIGCONT');
    assert.match(early, /Ctrl-Q quit/);
    await waitFor(session, engineStatus());
    await sendKeys(session, 'C-q');
    await assertRestored(session, 0);
  });
});
