// The full-screen app in a real terminal (tmux): list, status bar, search, help, details,
// command line, quit, and the "too small" screen. Skipped when tmux is not installed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanup, docker, fixtureRef, makeTestImage, testDockerHost, testLabelValue, engineStatus } from '../support/engine.js';
import {
  assertRestored,
  capture,
  kill,
  resize,
  sendKeys,
  sendText,
  stackTraceLines,
  startTmux,
  tmuxAvailable,
  waitFor,
  waitForNot,
} from '../support/tmux.js';

const hasTmux = tmuxAvailable();
const skip = hasTmux ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const run = testLabelValue();
const fixture = fixtureRef();
const fixtureRepo = fixture.replace(/:[^:/]*$/, '');
const zzzRepo = 'imgsh-e2e/zzz';
// Short enough for the TAG column (22 wide): the run id without its `run-` prefix.
const zzzTag = run.replace(/^run-/, '');
const zzz = `${zzzRepo}:${zzzTag}`;
const sessions: string[] = [];

/** A row of the images list: repository, then the tag, on one line. */
const rowOf = (repo: string, tag: string) => new RegExp(`${reEscape(repo)}\\s+${reEscape(tag)}\\b`);
const fixtureRow = rowOf(fixtureRepo, fixture.slice(fixtureRepo.length + 1) || 'latest');
const zzzRow = rowOf(zzzRepo, zzzTag);

async function start(opts: { cols?: number; rows?: number } = {}): Promise<string> {
  const s = await startTmux({ cols: opts.cols ?? 120, rows: opts.rows ?? 40 });
  sessions.push(s);
  return s;
}

async function assertNoStack(session: string): Promise<void> {
  const screen = await capture(session);
  assert.deepEqual(stackTraceLines(screen), [], `stack trace on screen:\n${screen}`);
}

/**
 * Opens the search (`/`) or command line (`:`) and waits for its prompt before typing, so the
 * opening key is never in the same read as the text after it.
 */
async function openLine(session: string, key: '/' | ':', text = ''): Promise<void> {
  await sendText(session, key);
  await waitFor(session, new RegExp(`^${reEscape(key)}`, 'm'));
  if (text) {
    await sendText(session, text);
    await waitFor(session, new RegExp(`^${reEscape(key + text)}`, 'm'));
  }
}

/** The status bar starts with the context, then as much of the endpoint as fits beside the engine and disk usage. */
const statusStart = ` default │ ${testDockerHost().slice(0, 24)}`;

/** Starts the app and waits for the list with both test rows and a connected status bar. */
async function startWithList(): Promise<string> {
  const s = await start();
  await waitFor(s, fixtureRow, 8000);
  await waitFor(s, zzzRow);
  return s;
}

describe('the app in a terminal', { skip }, () => {
  before(async () => {
    // No label may say "busybox": the fixture's imgsh.fixture=busybox label is inherited otherwise.
    await makeTestImage(zzz, { labels: { 'imgsh.fixture': 'zzz' } });
  });

  after(async () => {
    for (const s of sessions) await kill(s);
    await cleanup();
  });

  it('shows the list and a status bar with the endpoint and engine version', async () => {
    // wide enough for the longest endpoint (the docker28 leg's socket) beside version, API and store
    const s = await start({ cols: 200 });
    const screen = await waitFor(s, fixtureRow, 8000);
    assert.match(screen, zzzRow);
    await waitFor(s, statusStart);
    const status = await waitFor(s, engineStatus(true));
    const statusLine = status.split('\n').find((l) => l.includes(statusStart))!;
    assert.match(statusLine, engineStatus(true), `endpoint and engine version on one line: ${statusLine}`);
    await assertNoStack(s);
  });

  it('redraws in place: one tab line at the top, one status bar, no stale lines', async () => {
    const s = await startWithList();
    await waitFor(s, /\d+ images?, /); // disk usage arrived: several renders happened
    await openLine(s, '/', 'bsybx');
    await sendKeys(s, 'Escape');
    const screen = await waitFor(s, zzzRow);
    const rows = screen.replace(/\n$/, '').split('\n');
    assert.match(rows[0], /1 Images/, `the tab line must stay on the first row:\n${screen}`);
    assert.equal(rows.filter((l) => l.includes(statusStart)).length, 1, `one status bar:\n${screen}`);
    assert.equal(rows.filter((l) => /sorted by/.test(l)).length, 1, `one list header:\n${screen}`);
    assert.doesNotMatch(screen, /Loading images/, `stale "Loading" line:\n${screen}`);
  });

  it('O reverses the sort order, and the header says so (issue 20)', async () => {
    const s = await startWithList();
    const lineOf = (screen: string, re: RegExp) => screen.split('\n').findIndex((l) => re.test(l));
    let screen = await capture(s);
    assert.ok(lineOf(screen, zzzRow) < lineOf(screen, fixtureRow), 'newest first');
    await sendText(s, 'O');
    screen = await waitFor(s, /sorted by created \(reversed\)/);
    assert.ok(lineOf(screen, fixtureRow) < lineOf(screen, zzzRow), `oldest first:\n${screen}`);
    await sendText(s, 'O');
    await waitForNot(s, /reversed/);
  });

  it('/ searches fuzzily and Esc clears the search', async () => {
    const s = await startWithList();
    await openLine(s, '/', 'bsybx');
    const filtered = await waitForNot(s, zzzRow);
    assert.match(filtered, fixtureRow, 'the busybox row stays');
    await sendKeys(s, 'Escape');
    const back = await waitFor(s, zzzRow);
    assert.match(back, fixtureRow);
    assert.doesNotMatch(back, /\/bsybx/, 'the search line is closed');
    await assertNoStack(s);
  });

  it('? opens help with key bindings and commands; Esc closes it', async () => {
    const s = await startWithList();
    await sendText(s, '?');
    const help = await waitFor(s, /Fuzzy search images/);
    for (const text of ['Open the command line', 'Quit', 'Details of the selected image']) {
      assert.ok(help.includes(text), `help lacks "${text}":\n${help}`);
    }
    assert.match(help, /^\W*\?\s+Show or hide this help/m, 'bindings are listed with their keys');
    assert.match(help, /q, Ctrl-C\s+Quit/);
    // The commands follow the keys, further down.
    await sendText(s, 'G');
    const commands = await waitFor(s, /Commands/);
    assert.match(commands, /images \[REPOSITORY\[:TAG\]\]/);
    assert.match(commands, /inspect IMAGE/);
    assert.match(commands, /quit\s+Leave the app/);
    await sendKeys(s, 'Escape');
    const closed = await waitForNot(s, /Leave the app/);
    assert.match(closed, fixtureRow);
    assert.match(closed, zzzRow);
    await assertNoStack(s);
  });

  it('Enter opens the details of the selected image; Esc closes them', async () => {
    const s = await startWithList();
    // Narrow the list to the fixture so the selected row is known, then keep the filter.
    await openLine(s, '/', 'bsybx');
    await waitForNot(s, zzzRow);
    await sendKeys(s, 'Enter');
    await sendKeys(s, 'Enter');
    const details = await waitFor(s, /Cmd\s+\["\/bin\/sh"\]/);
    assert.match(details, new RegExp(`Details.*${reEscape(fixture)}`));
    assert.match(details, /Labels\s+imgsh\.fixture=busybox/);
    assert.match(details, /ID\s+sha256:[0-9a-f]{64}/);
    await sendKeys(s, 'Escape');
    const closed = await waitForNot(s, /Cmd\s+\["\/bin\/sh"\]/);
    assert.match(closed, fixtureRow);
    await sendKeys(s, 'Escape');
    await waitFor(s, zzzRow);
    await assertNoStack(s);
  });

  it('details of an image with 30 tags: its own facts first, the tags after them, folded (issue 20)', async () => {
    const many = `imgsh-e2e/many-${zzzTag}`;
    for (let i = 0; i < 30; i++) await docker(['tag', zzz, `${many}:t${String(i).padStart(2, '0')}`]);
    try {
      const s = await start();
      await waitFor(s, /many-\S+\s+t00/, 8000);
      await openLine(s, '/', `many-${zzzTag} t00`);
      await sendKeys(s, 'Enter');
      await sendKeys(s, 'Enter');
      const details = await waitFor(s, /\+\d+ more \(imgsh inspect [0-9a-f]{12} lists all\)/);
      const lines = details.split('\n');
      const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
      assert.ok(at(/^\W*Size\s/) < at(/^\W*Tags\s/) && at(/^\W*Cmd\s/) < at(/^\W*Tags\s/), `own facts first:\n${details}`);
      // 31 names (zzz's own tag too): 5 shown, then the count of the rest
      assert.match(details, /\+26 more/);
      assert.equal(lines.filter((l) => l.includes(`${many}:t`) && !l.includes('Details')).length, 5);
    } finally {
      await docker(['rmi', ...Array.from({ length: 30 }, (_, i) => `${many}:t${String(i).padStart(2, '0')}`)]).catch(() => {});
    }
  });

  it(': opens the command line; Tab completes; Enter runs the command and shows its output', async () => {
    const s = await startWithList();
    await openLine(s, ':', 'ima');
    await sendKeys(s, 'Tab');
    await waitFor(s, /^:images\b/m);
    await sendKeys(s, 'Enter');
    const output = await waitFor(s, /\bimages\b.*Esc close/);
    assert.match(output, /│ ?REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s+│/, 'the table of `imgsh images` in the overlay, as docker prints it');
    assert.match(output, fixtureRow);
    await sendKeys(s, 'Escape');
    await waitForNot(s, /Esc close/);
    await assertNoStack(s);
  });

  it('a failing command shows one error line, not a stack trace', async () => {
    const s = await startWithList();
    await openLine(s, ':', `inspect imgsh-e2e/no-such-image:${zzzTag}`);
    await sendKeys(s, 'Enter');
    await waitFor(s, /no such image/);
    await openLine(s, ':', 'imags');
    await sendKeys(s, 'Enter');
    await waitFor(s, /did you mean "images"/);
    await assertNoStack(s);
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });

  it('keys that arrive in one read (fast typing, a paste, a slow ssh link) are each handled', async () => {
    const s = await startWithList();
    // One write: the terminal delivers ":quit" as a single chunk, as a paste or a laggy link does.
    await sendText(s, ':quit');
    await waitFor(s, /^:quit/m, 2000);
    await sendKeys(s, 'Enter');
    await assertRestored(s, 0);
  });

  it('q quits and restores the terminal', async () => {
    const s = await startWithList();
    await sendText(s, 'q');
    const screen = await assertRestored(s, 0);
    assert.deepEqual(stackTraceLines(screen), [], screen);
    assert.doesNotMatch(screen, fixtureRow, 'the app screen is gone with the alternate screen');
  });

  it('at 40×10 shows "too small" and q still quits cleanly', async () => {
    const s = await start({ cols: 40, rows: 10 });
    const screen = await waitFor(s, /too small/, 8000);
    assert.match(screen.replace(/\s+/g, ' '), /need 60×15, have 40×10/);
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });

  it('resizing to 50×12 shows "too small"; back to 120×40 shows the list again', async () => {
    const s = await startWithList();
    await resize(s, 50, 12);
    const small = await waitFor(s, /too small/);
    assert.doesNotMatch(small, zzzRow);
    await resize(s, 120, 40);
    const big = await waitFor(s, zzzRow);
    assert.match(big, fixtureRow);
    assert.doesNotMatch(big, /too small/);
    await waitFor(s, engineStatus());
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });
});

function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
