// Fault: the app is open while another shell deletes and retags images, and keys arrive ahead of
// what they would act on. The list follows without a key press and without a crash, the selection
// moves to a neighbour of a row deleted under it, and keys typed before a question was drawn (or
// while a job starts) never answer it: nothing is deleted by accident.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { assertRestored, capture, kill, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor, waitForNot } from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed (apt-get install tmux)';
const tag = testLabelValue().replace(/^run-/, '').slice(-8);
const repo = `imgsh-fault/live-${tag}`;
const refs = [1, 2, 3, 4, 5].map((n) => `${repo}:t${n}`);
const sessions: string[] = [];

/** The tag on the row the cursor is on (` ›` starts it), or null. */
const selectedTag = (screen: string) => new RegExp(`^ ›.*${repo.replace(/[/.-]/g, '\\$&')}\\s+(\\S+)`, 'm').exec(screen)?.[1] ?? null;
const tagsShown = (screen: string) => [...screen.matchAll(new RegExp(`${repo.replace(/[/.-]/g, '\\$&')}\\s+(t\\d+)`, 'g'))].map((m) => m[1]);

describe('the app while images change under it', { skip }, () => {
  after(async () => {
    for (const s of sessions) await kill(s);
    // tags of the fixture: removing them only untags
    for (const ref of [...refs, `${repo}:t6`, `${repo}:t7`]) await docker(['rmi', ref]).catch(() => {});
  });

  /** The app with the list narrowed to this test's tags and the cursor on `at`. */
  async function openAt(at: string) {
    for (const ref of refs) await docker(['tag', fixtureRef(), ref]);
    const s = await startTmux({ cols: 120, rows: 30 });
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 10_000);
    await sendText(s, '/');
    await sendText(s, repo);
    await waitFor(s, new RegExp(`^/${repo}`, 'm'));
    await sendKeys(s, 'Enter');
    for (let i = 0; i < 10 && selectedTag(await capture(s)) !== at; i++) {
      const was = selectedTag(await capture(s));
      await sendKeys(s, 'Down');
      for (const end = Date.now() + 2000; selectedTag(await capture(s)) === was && Date.now() < end; ) await new Promise((r) => setTimeout(r, 30));
    }
    assert.equal(selectedTag(await capture(s)), at, await capture(s));
    return s;
  }

  it('another shell deletes the selected tag: the cursor moves to a neighbour; retags appear; no crash', async () => {
    const s = await openAt('t3');
    const order = tagsShown(await capture(s));
    const at = order.indexOf('t3');
    await docker(['rmi', `${repo}:t3`]);
    const screen = await waitForNot(s, new RegExp(`${repo.replace(/[/.-]/g, '\\$&')}\\s+t3\\b`), 5000);
    assert.ok([order[at - 1], order[at + 1]].includes(selectedTag(screen) ?? ''), `selection on ${selectedTag(screen)}, not a neighbour of t3 in ${order.join(' ')}:\n${screen}`);
    // a burst of changes from outside: the list ends as the engine is
    await Promise.all([docker(['tag', fixtureRef(), `${repo}:t6`]), docker(['rmi', `${repo}:t1`]), docker(['tag', fixtureRef(), `${repo}:t7`]), docker(['rmi', `${repo}:t5`])]);
    const settled = await waitFor(s, new RegExp(`${repo.replace(/[/.-]/g, '\\$&')}\\s+t7\\b`), 5000);
    await waitForNot(s, new RegExp(`${repo.replace(/[/.-]/g, '\\$&')}\\s+t5\\b`), 5000);
    assert.deepEqual(tagsShown(await capture(s)).sort(), ['t2', 't4', 't6', 't7']);
    assert.deepEqual(stackTraceLines(settled), [], settled);
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });

  it('d and y in one read: the question is drawn after the y, so the y does not answer it', async () => {
    const s = await openAt('t2');
    await sendText(s, 'dy');
    await waitFor(s, /Untag|Delete|Remove/i, 5000);
    // the question waits: still there after the y, and the tag too
    await new Promise((r) => setTimeout(r, 500));
    assert.match(await capture(s), /Untag|Delete|Remove/i);
    assert.match(await docker(['images', '-q', `${repo}:t2`]), /[0-9a-f]{12}/, 'the tag is still there');
    await sendText(s, 'n');
    await waitForNot(s, /Untag .*\?|Delete .*\?|Remove .*\?/i, 5000);
    assert.match(await docker(['images', '-q', `${repo}:t2`]), /[0-9a-f]{12}/);
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });

  it('d y typed while a job starts: neither removes anything', async () => {
    const s = await openAt('t2');
    await sendText(s, ':');
    await sendText(s, `tag ${repo}:t2 ${repo}:t6`);
    await waitFor(s, /^:tag /m);
    // Enter and the keys after it in one read
    await sendKeys(s, 'Enter', 'd', 'y');
    await waitFor(s, new RegExp(`${repo.replace(/[/.-]/g, '\\$&')}\\s+t6\\b`), 5000);
    await new Promise((r) => setTimeout(r, 500));
    for (const t of ['t2', 't6']) assert.match(await docker(['images', '-q', `${repo}:${t}`]), /[0-9a-f]{12}/, `${t} is still there`);
    // a question may be open (the d): it is declined
    await sendKeys(s, 'Escape');
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });
});
