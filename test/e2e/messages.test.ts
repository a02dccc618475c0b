// Messages as a new user meets them at 80×24 (issue 20): one line that keeps the panes and their
// headers in place, `m` opens the whole text wrapped, Esc closes it and then dismisses the message.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { cleanup } from '../support/engine.js';
import { failedBuildFixtures, IMGSH } from '../support/failed-build.js';
import { capture, kill, sendKeys, sendText, startTmux, tmuxAvailable, waitFor, waitForNot } from '../support/tmux.js';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false;
const fx = failedBuildFixtures();
const sessions: string[] = [];

async function app(): Promise<string> {
  const s = await startTmux({ cmd: IMGSH, cols: 80, rows: 24, env: { CI: '' } });
  sessions.push(s);
  await waitFor(s, /REPOSITORY/, 10_000);
  return s;
}

async function run(s: string, line: string): Promise<void> {
  await sendText(s, `:${line}`);
  await waitFor(s, /^:/m);
  await sendKeys(s, 'Enter');
}

describe('messages at 80×24', { skip }, () => {
  afterEach(async () => {
    for (const s of sessions.splice(0)) await kill(s);
  });
  after(async () => {
    fx.removeDirs();
    await cleanup();
  });

  it('a long error is one line with the list header kept; m shows it whole and wrapped; Esc, Esc dismiss', async () => {
    const s = await app();
    const name = `imgsh-e2e/${'a-rather-long-name-'.repeat(4)}missing:tag`;
    await run(s, `inspect ${name}`);
    let screen = await waitFor(s, /no such image/, 10_000);
    const lines = screen.split('\n');
    assert.ok(lines.some((l) => /^sorted by/.test(l)) && lines.some((l) => /REPOSITORY/.test(l)), `the list's header stays:\n${screen}`);
    const message = lines.find((l) => l.includes('no such image'))!;
    assert.match(message, /…\s+m shows it all · Esc dismisses$/);
    await sendText(s, 'm');
    screen = await waitFor(s, /Error/);
    // the whole name, wrapped inside the frame
    assert.match(screen.replace(/[│\s]+/g, ''), new RegExp(name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    await sendKeys(s, 'Escape');
    await waitForNot(s, /╭/);
    assert.match(await capture(s), /no such image/);
    await sendKeys(s, 'Escape');
    await waitForNot(s, /no such image/);
  });

  it('a failed build in the Build pane: its message takes one line, the pane keeps its lines; Esc dismisses it', async () => {
    const dir = fx.context(['RUN exit 3']);
    const s = await app();
    await run(s, `build ${dir}`);
    const screen = await waitFor(s, /m shows it all · Esc dismisses/, 60_000);
    assert.match(screen, /^build \//m, 'the pane header line stays');
    assert.match(screen, /exit code 3/);
    assert.match(screen, /x\/Enter shell in the last good layer/, 'the failure hints stay');
    await sendKeys(s, 'Escape');
    await waitForNot(s, /m shows it all/);
    assert.match(await capture(s), /exit code 3/, 'still on the Build pane');
  });

  it("the app speaks its own language: :help, usage: :tag, a bad reference named, an unreachable base image in one line", async () => {
    const s = await app();
    const whole = async (expect: RegExp): Promise<string> => {
      await sendText(s, 'm');
      const screen = await waitFor(s, /Error/);
      await sendKeys(s, 'Escape');
      await waitForNot(s, /╭/);
      const text = screen.split('\n').map((l) => l.replace(/^│ ?|\s*│$/g, '')).join(' ');
      assert.match(text, expect);
      assert.doesNotMatch(text, /imgsh help|usage: imgsh/);
      return text;
    };
    await run(s, 'frobnicate');
    await waitFor(s, /unknown command "frobnicate"/);
    assert.match(await capture(s), /unknown command "frobnicate": (did you mean "\S+"\?|see `:help` for the list)/);
    await run(s, 'tag');
    await waitFor(s, /missing|SOURCE|usage/i);
    await whole(/usage: :tag /);
    await run(s, "inspect 'Bad Ref'");
    await waitFor(s, /invalid reference/);
    await whole(/invalid reference "Bad Ref"/);
    const dir = fx.context([]);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/Dockerfile`, 'FROM imgsh-e2e/not-here-at-all:1\nRUN true\n');
    await run(s, `build ${dir}`);
    await waitFor(s, /m shows it all/, 60_000);
    const text = await whole(/the base image imgsh-e2e\/not-here-at-all:1 is not on this engine and its registry \S+ cannot be reached \(.+\): pull or load it first/);
    assert.doesNotMatch(text, /Get "https|dial tcp/);
  });
});
