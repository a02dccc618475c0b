// The list follows the engine's events: a tag made or removed outside the app shows up
// without a key press. The extra tag on the fixture is removed here (rmi of a tag only untags).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, docker, fixtureRef, testLabelValue, engineStatus } from '../support/engine.js';
import { assertRestored, capture, kill, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor, waitForNot } from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const fixture = fixtureRef();
const fixtureRepo = fixture.replace(/:[^:/]*$/, '');
// Short enough for the TAG column: the run id without its `run-` prefix.
const liveTag = testLabelValue().replace(/^run-/, '');
const live = `imgsh-e2e/live:${liveTag}`;
const liveRow = new RegExp(`imgsh-e2e/live\\s+${liveTag}\\b`);
const sessions: string[] = [];

describe('live updates', { skip }, () => {
  after(async () => {
    for (const s of sessions) await kill(s);
    await docker(['rmi', live]).catch(() => {}); // untags only; the fixture stays
    await cleanup(); // nothing labelled here; removes this process's DOCKER_CONFIG dir
  });

  it('a tag made outside appears, and vanishes when removed, without a key press', async () => {
    const s = await startTmux({ cols: 120, rows: 40 });
    sessions.push(s);
    await waitFor(s, new RegExp(`${fixtureRepo}\\s+latest`), 8000);
    await waitFor(s, engineStatus());
    assert.doesNotMatch(await capture(s), liveRow);

    await docker(['tag', fixture, live]);
    const shown = await waitFor(s, liveRow, 5000);
    assert.match(shown, new RegExp(`${fixtureRepo}\\s+latest`), 'the fixture row is still there');

    await docker(['rmi', live]);
    const gone = await waitForNot(s, liveRow, 5000);
    assert.match(gone, new RegExp(`${fixtureRepo}\\s+latest`), 'untagging left the fixture row');
    assert.deepEqual(stackTraceLines(gone), [], gone);

    await sendText(s, 'q');
    await assertRestored(s, 0);
  });
});
