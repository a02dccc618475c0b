// The debugger in the app as a new user meets it (issue 20): a breakpoint set with `b` is where
// `c` stops, and stays marked; every image the session made is gone when the app quits.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { cleanup, docker } from '../support/engine.js';
import { debugLeft, failedBuildFixtures, IMGSH } from '../support/failed-build.js';
import { assertRestored, capture, programPid, sendKeys, sendText, tmuxAvailable, waitFor, waitForProcessGone } from '../support/tmux.js';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false;
const fx = failedBuildFixtures();
/** The app, `:debug DIR` run in it and paused before line 1: its session and imgsh's pid. */
async function startDebug(dir: string): Promise<{ s: string; pid: number }> {
  const s = await fx.start(IMGSH);
  await waitFor(s, /REPOSITORY/, 10_000);
  const pid = await programPid(s);
  await sendText(s, `:debug ${dir}`);
  await waitFor(s, /^:debug/m);
  await sendKeys(s, 'Enter');
  await waitFor(s, /paused before line 1\b/, 15_000);
  return { s, pid };
}

/** Waits until the legacy builder's container for `RUN sleep 30` is running. */
async function sleepStepRuns(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await docker(['ps', '--no-trunc', '--format', '{{.Command}}'])).includes('sleep 30')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the RUN sleep 30 step never started');
}
const allImages = async () => new Set((await docker(['images', '-aq', '--no-trunc'])).split('\n').filter(Boolean));

describe('the debugger in the app', { skip }, () => {
  afterEach(() => fx.killSessions());
  after(async () => {
    fx.removeDirs();
    await cleanup();
  });

  it('b on a later line, c: stops there with the ● kept; after q no image of the session is left', async () => {
    // lines: 1 FROM, 2 LABEL, 3–5 RUN, 6 fails
    const dir = fx.context(['RUN echo one > /one', 'RUN echo two > /two', 'RUN echo three > /three', 'RUN exit 5']);
    const before = await allImages();
    const { s, pid } = await startDebug(dir);
    await sendText(s, 'n');
    await waitFor(s, /paused before line 2\b/, 60_000);
    // the cursor is on line 2: down to line 5, a breakpoint there
    await sendText(s, 'jjj');
    await sendText(s, 'b');
    await waitFor(s, /^●\s+5 {2}RUN echo three/m);
    await sendText(s, 'c');
    const screen = await waitFor(s, /paused before line 5\b/, 60_000);
    assert.match(screen, /^●▶\s+5 {2}RUN echo three/m, 'stopped at the breakpoint, still marked');
    for (const n of [3, 4]) assert.match(screen, new RegExp(`^ ✓\\s+${n}  `, 'm'), `line ${n} ran`);
    await sendText(s, 'c');
    await waitFor(s, /line 6 failed/, 60_000);
    await sendText(s, 'q');
    await assertRestored(s, 0, 15_000);
    await waitForProcessGone(pid, 5000);
    const made = [...(await allImages())].filter((id) => !before.has(id));
    assert.deepEqual(made, [], `images of the debug session left: ${made.join(', ')}\n${await capture(s)}`);
    assert.deepEqual(await debugLeft(pid), []);
  });

  it('Esc cancels a running step; after q no image of the session is left, the cancelled build’s included', async () => {
    const dir = fx.context(['RUN echo one > /one', 'RUN sleep 30']);
    const before = await allImages();
    const { s, pid } = await startDebug(dir);
    await sendText(s, 'c');
    await waitFor(s, /RUN sleep 30/, 15_000);
    // the debugger shows only "building…": the step runs once its build container does
    await sleepStepRuns(30_000);
    await sendKeys(s, 'Escape');
    await waitFor(s, /cancelled/, 20_000);
    await sendText(s, 'q');
    await assertRestored(s, 0, 15_000);
    await waitForProcessGone(pid, 5000);
    const made = [...(await allImages())].filter((id) => !before.has(id));
    assert.deepEqual(made, [], `images of the cancelled session left: ${made.join(', ')}`);
    assert.deepEqual(await debugLeft(pid), []);
  });
});
