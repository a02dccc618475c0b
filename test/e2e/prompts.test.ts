// Prompts in a real terminal (tmux): pastes with and without bracketed paste, readline's keys on
// the `:` line, and the history across two runs. Skipped when tmux is not installed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  assertRestored, capture, kill, programPid, sendKeys, sendText, stackTraceLines, startTmux, tmux, tmuxAvailable, waitFor, waitForNot,
} from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const sessions: string[] = [];
const stateDirs: string[] = [];
const LONG_REF = '127.0.0.1:5055/some-team/some-long-repository-name/service:1.2.3-rc1';
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function start(env: Record<string, string> = {}): Promise<string> {
  const s = await startTmux({ cols: 120, rows: 40, env });
  sessions.push(s);
  await waitFor(s, /Images/, 15000);
  await waitFor(s, /REPOSITORY/, 15000);
  return s;
}

/** Pastes `text` as a terminal does: between bracketed-paste markers when the app asked for them (`bracketed`), else raw. */
async function paste(s: string, text: string, bracketed: boolean): Promise<void> {
  await tmux('set-buffer', '-b', 'imgsh-test', text);
  await tmux('paste-buffer', ...(bracketed ? ['-p'] : []), '-b', 'imgsh-test', '-t', s);
}

/** The prompt line (the one above the status bar). */
async function promptLine(s: string): Promise<string> {
  const lines = (await capture(s)).replace(/\n+$/, '').split('\n');
  return lines[lines.length - 2] ?? '';
}

async function open(s: string, key: ':' | 'p'): Promise<void> {
  await sendText(s, key);
  await waitFor(s, key === ':' ? /^:/m : /^:pull/m);
}

async function assertAlive(s: string): Promise<void> {
  const screen = await capture(s);
  assert.doesNotMatch(screen, /EXIT:\d+/, `the app exited:\n${screen}`);
  assert.deepEqual(stackTraceLines(screen), [], screen);
  await programPid(s);
}

describe('prompts', { skip }, () => {
  after(async () => {
    for (const s of sessions) await kill(s);
    for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
  });

  for (const bracketed of [true, false]) {
    const how = bracketed ? 'bracketed' : 'raw';
    for (const [key, lead] of [['p', ':pull '], [':', ':']] as const) {
      it(`a 68-character reference pasted (${how}) into the ${lead.trim()} prompt is on the line, nothing run`, async () => {
        const s = await start();
        await open(s, key);
        await paste(s, LONG_REF, bracketed);
        await waitFor(s, new RegExp(`^${esc(lead + LONG_REF)}`, 'm'));
        await assertAlive(s);
        assert.doesNotMatch(await capture(s), /running|pulling/i);
        await sendKeys(s, 'Escape');
        await waitForNot(s, /^:/m);
        await sendText(s, 'q');
        await assertRestored(s, 0);
      });

      it(`a 10,000-character paste (${how}) into the ${lead.trim()} prompt is one line, scrolled to the cursor`, async () => {
        const s = await start();
        await open(s, key);
        await paste(s, `${'a'.repeat(9990)}0123456789`, bracketed);
        await waitFor(s, /^:….*a0123456789 *$/m, 5000);
        await assertAlive(s);
        assert.ok((await promptLine(s)).length <= 120);
        // Ctrl-A shows the start of the line again
        await sendKeys(s, 'C-a');
        await waitFor(s, new RegExp(`^${esc(lead)}aaaa.*…\\s*$`, 'm'));
        await sendKeys(s, 'Escape');
        await waitForNot(s, /^:/m);
        await assertAlive(s);
      });
    }

    it(`a pasted newline and q (${how}) on the : line run nothing and do not quit`, async () => {
      const s = await start();
      await open(s, ':');
      await paste(s, 'tag x y\nq', bracketed);
      await waitFor(s, /^:tag x y q/m);
      await assertAlive(s);
      assert.doesNotMatch(await capture(s), /no such image|x: /);
      await sendKeys(s, 'Escape');
      await waitForNot(s, /^:tag/m);
      await assertAlive(s);
    });
  }

  it('a paste outside any prompt is never keys', async () => {
    const s = await start();
    await paste(s, 'Dyq', true);
    await waitFor(s, /pasted text ignored/);
    await assertAlive(s);
    assert.doesNotMatch(await capture(s), /Delete|Confirm/);
  });

  it("readline's keys edit the : line", async () => {
    const s = await start();
    await open(s, ':');
    const steps: [string[], string][] = [
      [['-l', 'abc def'], ':abc def'],
      [['C-a', '-l', 'X'], ':Xabc def'],
      [['C-e', '-l', 'Y'], ':Xabc defY'],
      [['Home', '-l', '1'], ':1Xabc defY'],
      [['End', '-l', '2'], ':1Xabc defY2'],
      [['C-b', 'C-b', '-l', '3'], ':1Xabc def3Y2'],
      [['C-f', '-l', '4'], ':1Xabc def3Y42'],
      [['Left', 'Left', 'Right', '-l', '5'], ':1Xabc def3Y542'],
      [['M-b', '-l', '6'], ':1Xabc 6def3Y542'],
      [['C-a', 'M-f', '-l', '7'], ':1Xabc7 6def3Y542'],
      [['C-Left', '-l', '8'], ':81Xabc7 6def3Y542'],
      [['C-Right', '-l', '9'], ':81Xabc79 6def3Y542'],
      [['BSpace'], ':81Xabc7 6def3Y542'],
      [['DC'], ':81Xabc76def3Y542'],
      [['C-d'], ':81Xabc7def3Y542'],
      [['C-e', '-l', ' tail word'], ':81Xabc7def3Y542 tail word'],
      [['C-w'], ':81Xabc7def3Y542 tail'],
      [['C-y', '-l', '!'], ':81Xabc7def3Y542 tail word!'],
      [['M-BSpace'], ':81Xabc7def3Y542 tail'],
      [['C-a', 'M-d'], ': tail'],
      [['C-y'], ':81Xabc7def3Y542 tail'],
      [['C-a', 'C-f', 'C-f', 'C-k'], ':81'],
      [['C-t'], ':18'],
      [['C-u'], ':'],
      [['C-y'], ':18'],
    ];
    for (const [keys, want] of steps) {
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] === '-l') await sendText(s, keys[++i]);
        else await sendKeys(s, keys[i]);
        await new Promise((r) => setTimeout(r, 40)); // a person's typing pace: each key its own read
      }
      await waitFor(s, new RegExp(`^${want.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} *$`, 'm')).catch(async (e) => {
        throw new Error(`after ${keys.join(' ')}: ${(e as Error).message.split('\n')[0]}; prompt line: ${JSON.stringify(await promptLine(s))}`);
      });
    }
    // Ctrl-D on an empty line closes the prompt, as it ends a shell's input
    await sendKeys(s, 'C-u', 'C-d');
    await waitForNot(s, /^:/m);
    await assertAlive(s);
  });

  it('the : history lasts across runs (mode 0600), ↑ matches the typed prefix, Ctrl-R searches it', async () => {
    const state = mkdtempSync(join(tmpdir(), 'imgsh-e2e-history-'));
    stateDirs.push(state);
    const first = await start({ XDG_STATE_HOME: state });
    for (const line of ['theme dark', 'help images', 'theme light']) {
      await open(first, ':');
      await sendText(first, line);
      await waitFor(first, new RegExp(`^:${line}`, 'm'));
      await sendKeys(first, 'Enter');
      await waitForNot(first, new RegExp(`^:${line}`, 'm'));
      if (line.startsWith('help')) {
        // the overlay drawn first: an Escape before it would close nothing
        await waitFor(first, /help images\s+Esc close/);
        await sendKeys(first, 'Escape');
        await waitForNot(first, /help images\s+Esc close/);
      }
    }
    await sendText(first, 'q');
    await assertRestored(first, 0);
    const file = join(state, 'imgsh', 'history.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).histories.command, ['theme dark', 'help images', 'theme light']);

    const second = await start({ XDG_STATE_HOME: state });
    await open(second, ':');
    await sendKeys(second, 'Up');
    await waitFor(second, /^:theme light/m);
    await sendKeys(second, 'Up');
    await waitFor(second, /^:help images/m);
    await sendKeys(second, 'C-u');
    await sendText(second, 'theme');
    await sendKeys(second, 'Up');
    await waitFor(second, /^:theme light/m);
    await sendKeys(second, 'Up');
    await waitFor(second, /^:theme dark/m);
    await sendKeys(second, 'Down', 'Down');
    await waitFor(second, /^:theme *$/m);
    await sendKeys(second, 'C-u', 'C-r');
    await waitFor(second, /reverse-i-search/);
    await sendText(second, 'ima');
    await waitFor(second, /\(reverse-i-search\)'ima': help images/);
    await sendKeys(second, 'Escape');
    await waitFor(second, /^: *$/m);
    await sendKeys(second, 'Escape');
    await sendText(second, 'q');
    await assertRestored(second, 0);
  });

  it('bracketed paste is off again after the app quits', async () => {
    const s = await startTmux({ cols: 100, rows: 30, cmd: 'node bin/imgsh.js; cat -v' });
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 15000);
    await sendText(s, 'q');
    await waitForNot(s, /REPOSITORY/);
    await paste(s, 'after-exit', true);
    await waitFor(s, /after-exit/);
    assert.doesNotMatch(await capture(s), /\^\[\[200~/);
  });
});
