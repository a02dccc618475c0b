// The Build pane says why the cache missed (issue #13): in a real terminal, `:build` of a tag,
// a file of the context changed, `:build` again: the pane names the COPY step and the file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, cleanup, fixtureRef, testLabelValue } from '../support/engine.js';
import { assertRestored, kill, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor } from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const run = testLabelValue();
const tag = `e2e-cache/app:${run.split('-').slice(-2).join('-')}`;
const ctx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-cache-'));
const sessions: string[] = [];

async function build(s: string, built: RegExp): Promise<string> {
  const line = `:build -t ${tag} ${ctx}`;
  await sendText(s, line);
  await waitFor(s, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm'));
  await sendKeys(s, 'Enter');
  return waitFor(s, built, 60_000);
}

describe('the Build pane says why the cache missed', { skip }, () => {
  before(() => {
    mkdirSync(join(ctx, 'src'));
    writeFileSync(join(ctx, 'Dockerfile'), [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'COPY src/ /app/', 'RUN cat /app/a.txt'].join('\n') + '\n');
    writeFileSync(join(ctx, 'src', 'a.txt'), 'one\n');
  });
  after(async () => {
    for (const s of sessions) await kill(s);
    rmSync(ctx, { recursive: true, force: true });
    await cleanup();
  });

  it('a second :build after a file changed: the COPY step, the file and its sizes, under the build line', async () => {
    const s = await startTmux({ cols: 160, rows: 40 });
    sessions.push(s);
    await waitFor(s, /^ \? help/m, 8000);
    await build(s, /Built [0-9a-f]{12}/);
    writeFileSync(join(ctx, 'src', 'a.txt'), 'one more\n');
    const screen = await build(s, /cache miss at step 3 \(line 3\) COPY src\/ \/app\/: 1 source file changed: src\/a\.txt 4B → 9B/);
    assert.match(screen, /^= 2\/4 LABEL/m);
    assert.match(screen, /^✓ 3\/4 COPY src\/ \/app\//m);
    assert.deepEqual(stackTraceLines(screen), []);
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });
});
