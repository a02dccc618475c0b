// = in a real terminal (issue #13): space marks an image, = on another shows imgsh diff of the
// two in the output overlay, on the test engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanup, makeTestImage, testLabelValue } from '../support/engine.js';
import { assertRestored, kill, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor } from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const tag = testLabelValue().split('-').slice(-2).join('-');
const A = `e2e-diff/a:${tag}`;
const B = `e2e-diff/b:${tag}`;
const sessions: string[] = [];

describe('= compares the marked image with the selected one', { skip }, () => {
  before(async () => {
    await makeTestImage(A, { steps: ['RUN echo one > /one'] });
    await makeTestImage(B, { from: A, steps: ['RUN head -c 3000 /dev/zero > /added && rm /one'] });
  });
  after(async () => {
    for (const s of sessions) await kill(s);
    await cleanup();
  });

  it('space on A, = on B: the diff in the overlay; Esc closes it', async () => {
    const s = await startTmux({ cols: 140, rows: 40 });
    sessions.push(s);
    await waitFor(s, /^ \? help/m, 8000);
    // only the two: the search narrows the list, B (the newer) first
    await sendText(s, '/');
    await waitFor(s, /^\//m);
    await sendText(s, `e2e-diff ${tag}`);
    await waitFor(s, /matching/);
    await sendKeys(s, 'Enter');
    await waitFor(s, new RegExp(`e2e-diff/a\\s+${tag}`));
    await sendText(s, 'j');
    await sendKeys(s, 'Space');
    await sendText(s, 'g');
    await sendText(s, '=');
    const screen = await waitFor(s, /→ .*: 1 added, 1 removed, 0 changed/, 15_000);
    assert.match(screen, new RegExp(`e2e-diff/a:${tag} → e2e-diff/b:${tag}`));
    assert.match(screen, /\+ added +3kB/);
    assert.match(screen, /- one +4B/);
    assert.deepEqual(stackTraceLines(screen), []);
    await sendKeys(s, 'Escape');
    await waitFor(s, /^ \? help/m);
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });
});
