// 80 columns (issue 20): the name and tag give way last — CREATED gets compact first, then
// CONTAINERS goes; the status bar keeps the endpoint's both ends; the Build pane's step columns
// line up with the instruction whole.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { cleanup, docker, makeTestImage, testLabelValue } from '../support/engine.js';
import { failedBuildFixtures, IMGSH } from '../support/failed-build.js';
import { kill, sendKeys, sendText, startTmux, tmuxAvailable, waitFor } from '../support/tmux.js';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false;
const fx = failedBuildFixtures();
const tag = testLabelValue().split('-').slice(-1)[0];
const repo = '127.0.0.1:5055/ux/good';
const sessions: string[] = [];

describe('80 columns', { skip }, () => {
  afterEach(async () => {
    for (const s of sessions.splice(0)) await kill(s);
  });
  after(async () => {
    fx.removeDirs();
    await docker(['rmi', `${repo}:${tag}`]).catch(() => {});
    await cleanup();
  });

  it('the list keeps the whole name, CREATED is compact; the status bar keeps both ends of the endpoint', async () => {
    await makeTestImage(`imgsh-e2e/narrow:${tag}`);
    await docker(['tag', `imgsh-e2e/narrow:${tag}`, `${repo}:${tag}`]);
    const s = await startTmux({ cmd: IMGSH, cols: 80, rows: 24 });
    sessions.push(s);
    const screen = await waitFor(s, new RegExp(`${repo.replace(/[.]/g, '\\.')}\\s+${tag}\\s`), 10_000);
    const row = screen.split('\n').find((l) => l.includes(repo))!;
    assert.match(row, /\s(now|\d+ seconds?|1 minute)\s+\d/, `CREATED compact: ${row}`);
    assert.doesNotMatch(screen, /Less than|seconds ago/);
    assert.match(screen, /REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE/);
    const status = await waitFor(s, /Docker \d+\.\d+\.\d+/);
    const bar = status.split('\n').find((l) => l.includes(' default │'))!;
    assert.match(bar, /│ unix:\/\/\S*…\S*\.sock\b/, `the endpoint's ends: ${bar}`);
  });

  it('the Build pane: status, step, instruction, duration and image line up; the instruction is whole', async () => {
    const dir = fx.context(['RUN echo hi > /x', 'RUN cat /missing']);
    const s = await startTmux({ cmd: IMGSH, cols: 80, rows: 24 });
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 10_000);
    await sendText(s, `:build ${dir}`);
    await waitFor(s, /^:build/m);
    await sendKeys(s, 'Enter');
    const screen = await waitFor(s, /✗ 4\/4/, 60_000);
    const rows = screen.split('\n').filter((l) => /^[✓=✗…] \d\/4 /.test(l));
    assert.equal(rows.length, 4, screen);
    assert.match(rows[3], /✗ 4\/4 RUN cat \/missing\s/);
    // the duration column ends at the same place on every row
    const ends = rows.map((r) => /\d+\.\ds/.exec(r)).map((m) => (m ? m.index + m[0].length : -1));
    assert.ok(ends.every((e) => e === ends[0] && e > 0), `columns line up:\n${rows.join('\n')}`);
  });
});
