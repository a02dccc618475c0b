// The mouse (issue 20): a click selects a row or opens a tab, the wheel moves like the arrows;
// reporting is on only while the app has the screen, and off with "mouse": false in config.json.
// tmux forwards what the app's terminal would send: SGR reports, typed in literally here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { cleanup, makeTestImage, testLabelValue } from '../support/engine.js';
import { IMGSH } from '../support/failed-build.js';
import { capture, kill, paneInfo, sendText, startTmux, tmuxAvailable, waitFor, waitForExit } from '../support/tmux.js';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false;
const tag = testLabelValue().split('-').slice(-1)[0];
const sessions: string[] = [];
const config = mkdtempSync(join(tmpdir(), 'imgsh-e2e-mouse-'));
const click = (x: number, y: number) => `\x1b[<0;${x};${y}M\x1b[<0;${x};${y}m`;
const wheelDown = (y: number) => `\x1b[<65;10;${y}M`;

async function app(env: Record<string, string> = {}): Promise<string> {
  const s = await startTmux({ cmd: `${IMGSH}; echo EXIT:$?; sleep 30`, env });
  sessions.push(s);
  await waitFor(s, new RegExp(`imgsh-e2e/mouse-3\\s+${tag}`), 10_000);
  return s;
}

const selectedLine = (screen: string) => screen.split('\n').findIndex((l) => l.startsWith(' ›'));

describe('the mouse', { skip }, () => {
  before(async () => {
    // five rows of its own: the one clicked has three below it even on an engine with nothing else
    for (const n of [1, 2, 3, 4, 5]) await makeTestImage(`imgsh-e2e/mouse-${n}:${tag}`);
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await kill(s);
  });
  after(async () => {
    rmSync(config, { recursive: true, force: true });
    await cleanup();
  });

  it('a click selects the row under it, the wheel moves the selection, a click on a tab opens its pane', async () => {
    const s = await app();
    assert.equal(await paneInfo(s, '#{mouse_any_flag}'), '1', 'reporting on while the app runs');
    let screen = await capture(s);
    // the second of its rows (the first may hold the cursor already)
    const lines = screen.split('\n');
    const target = lines.findIndex((l, i) => l.includes('imgsh-e2e/mouse-') && lines.slice(0, i).some((p) => p.includes('imgsh-e2e/mouse-')));
    const name = /imgsh-e2e\/mouse-\d/.exec(lines[target] ?? '')?.[0];
    assert.ok(target > 0 && name && selectedLine(screen) !== target, screen);
    await sendText(s, click(10, target + 1));
    screen = await waitFor(s, new RegExp(`^ ›${name}\\s`, 'm'));
    await sendText(s, wheelDown(10));
    // the frame for the wheel may land after a capture that still shows the row before it
    screen = await capture(s);
    for (const end = Date.now() + 5000; selectedLine(screen) !== target + 3 && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 50));
      screen = await capture(s);
    }
    assert.equal(selectedLine(screen), target + 3, `the wheel moved 3 rows:\n${screen}`);
    assert.doesNotMatch(screen, /\[<|65;10/, 'no report turned into keys');
    // " 3 Build " is the third tab: after "imgsh " and " 1 Images ·", " 2 Layers ·"
    const tabs = screen.split('\n')[0];
    await sendText(s, click(tabs.indexOf('3 Build') + 1, 1));
    await waitFor(s, /No build yet/);
    await sendText(s, 'q');
    assert.equal(await waitForExit(s, 10_000), 0);
    assert.equal(await paneInfo(s, '#{mouse_any_flag}'), '0', 'reporting off after quit');
  });

  it('"mouse": false in config.json leaves reporting off', async () => {
    mkdirSync(join(config, 'imgsh'), { recursive: true });
    writeFileSync(join(config, 'imgsh', 'config.json'), JSON.stringify({ mouse: false }));
    const s = await app({ XDG_CONFIG_HOME: config });
    assert.equal(await paneInfo(s, '#{mouse_any_flag}'), '0');
  });
});
