// Fault: a resize storm (20 resizes in a second) while 1,000 tags are listed — the app keeps up:
// no crash, no stack trace, and its last frame is laid out for the last size.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { docker, fixtureRef, testDockerHost, testLabelValue } from '../support/engine.js';
import { capture, kill, programPid, alive, resize, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor, waitForExit } from '../support/tmux.js';
import { request } from 'node:http';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : !testDockerHost().startsWith('unix://') ? 'the tags are made through the engine socket' : false;
const run = testLabelValue().slice(-8);
const COUNT = 1000;

/** One Engine API call on the test engine's socket (1,000 tags by the CLI would take half a minute). */
function api(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: testDockerHost().replace(/^unix:\/\//, ''), method, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function inBatches(n: number, call: (i: number) => Promise<number>): Promise<void> {
  for (let i = 0; i < n; i += 50) {
    const codes = await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => call(i + k)));
    assert.ok(codes.every((c) => c < 300), `engine answered ${codes.find((c) => c >= 300)}`);
  }
}

describe('a resize storm over 1,000 tags', { skip }, () => {
  const repo = `imgsh-fault/storm-${run}`;
  before(async () => {
    const id = (await docker(['image', 'inspect', '-f', '{{.Id}}', fixtureRef()])).trim();
    await inBatches(COUNT, (i) => api('POST', `/images/${id}/tag?repo=${encodeURIComponent(repo)}&tag=t${i}`));
  });
  after(async () => {
    await inBatches(COUNT, (i) => api('DELETE', `/images/${encodeURIComponent(`${repo}:t${i}`)}`)).catch(() => {});
  });

  it('20 resizes in a second: no crash, the last frame fits the last size', async () => {
    const s = await startTmux({ cols: 120, rows: 40 });
    try {
      await waitFor(s, new RegExp(`${COUNT + 1} of ${COUNT + 1}|of ${COUNT + 1}\\b|storm-${run}`), 20_000);
      const pid = await programPid(s);
      const sizes = Array.from({ length: 20 }, (_, i) => [60 + ((i * 37) % 140), 15 + ((i * 11) % 45)] as const);
      const t0 = Date.now();
      for (let i = 0; i < sizes.length; i++) {
        await resize(s, ...sizes[i]);
        // the subject is the pace: 20 resizes in a second
        const wait = t0 + 50 * (i + 1) - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const [cols, rows] = [100, 30];
      await resize(s, cols, rows);
      // the last frame: the status bar on the last line of a 100×30 screen, no line wider. Under
      // load a frame for an earlier size can still be on screen for a moment: wait for the last.
      const screen = await waitFor(s, /│ [^\n]*images?,[^\n]*\s*$/, 10_000);
      assert.ok(alive(pid), 'still running');
      assert.deepEqual(stackTraceLines(screen), []);
      const lines = (await capture(s)).split('\n');
      assert.ok(lines.every((l) => l.length <= cols), 'no line wider than the window');
      assert.match(lines.filter((l) => l.trim()).at(-1) ?? '', /images?,/, 'the status bar is the last line');
      await sendText(s, 'q');
      assert.equal(await waitForExit(s, 10_000), 0);
    } finally {
      await kill(s);
    }
  });
});
