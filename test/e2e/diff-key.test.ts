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
    const list = await waitFor(s, new RegExp(`^(?=[\\s\\S]*e2e-diff/a\\s+${tag})(?=[\\s\\S]*e2e-diff/b\\s+${tag})`));
    // the two rows in the list's order (made in the same second, they may sort either way)
    const rows = list.split('\n').filter((l) => new RegExp(`e2e-diff/[ab]\\s+${tag}`).test(l));
    assert.equal(rows.length, 2, list);
    const at = (name: 'a' | 'b') => rows.findIndex((l) => l.includes(`e2e-diff/${name}`));
    const go = async (row: number) => {
      await sendText(s, 'g');
      for (let i = 0; i < row; i++) await sendText(s, 'j');
    };
    await go(at('a'));
    await sendKeys(s, 'Space');
    await go(at('b'));
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
