// A failed build is one key from a shell, however it was started (issue 11): `imgsh build` and
// `imgsh debug` typed in a terminal, `:build` in the app with no `3`; keys typed ahead of a shell
// or the editor never reach the app. Everything built carries the run's imgsh.test label.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { cleanup, docker, fixtureRef } from '../support/engine.js';
import { debugLeft, failedBuildFixtures, HINT, IMGSH, shellRun } from '../support/failed-build.js';
import { capture, programPid, sendKeys, sendText, tmuxAvailable, waitFor, waitForExit, waitForNot } from '../support/tmux.js';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false;
const fx = failedBuildFixtures();
const { context, start } = fx;
const tag = fx.run.split('-').slice(-2).join('-');
const keep = `e2e-failed/keep:${tag}`;

/** The failed state the screen names (`failed state <id>:`) is gone from the engine. */
async function assertFailedStateGone(screen: string): Promise<void> {
  const id = /failed state ([0-9a-f]{12}):/.exec(screen)?.[1];
  assert.ok(id, screen);
  assert.equal((await docker(['ps', '-aq', '--filter', `id=${id}`])).trim(), '', `failed state ${id} left`);
}

describe('a failed build, wherever it started', { skip }, () => {
  before(async () => {
    await docker(['tag', fixtureRef(), keep]);
  });
  afterEach(() => fx.killSessions());
  after(async () => {
    fx.removeDirs();
    await docker(['rmi', keep]).catch(() => {});
    await cleanup();
  });

  it('imgsh build in a terminal: the failure in place, x a shell in the last good layer, e edits and rebuilds green', async () => {
    const editor = `#!/bin/sh\necho "$@" > "$(dirname "$2")/editor-args"\nsed -i 's/exit 3/exit 0/' "$2"\n`;
    const dir = context(['RUN echo good > /marker', 'RUN sleep 3; echo partial > /partial && exit 3', 'RUN echo never'], { 'editor.sh': editor });
    const s = await start(`${IMGSH} build ${dir}`, { EDITOR: join(dir, 'editor.sh') });
    // typed while the build runs: dropped, never the answer
    await waitFor(s, /Step 4\/5/, 60_000);
    await sendText(s, 'x');
    let screen = await waitFor(s, HINT, 60_000);
    const failure = screen;
    assert.match(screen, /build failed at step 4\/5 \(line 4\b.*\): RUN sleep 3; echo partial > \/partial && exit 3/);
    assert.match(screen, /exit code 3/);
    // a key the prompt does not know makes it ask again: had the x typed during the build been
    // read, its shell would have come first
    await sendText(s, 'z');
    await waitFor(s, new RegExp(`${HINT.source}[\\s\\S]*${HINT.source}`), 10_000);
    assert.doesNotMatch(await capture(s), /imgsh: shell in/, 'the x typed during the build opened nothing');
    await sendText(s, 'x');
    await waitFor(s, /^\/\S* # ?$/m, 15_000);
    await shellRun(s, 'cat /marker; echo "FC:$IMGSH_FAILED_CMD"', /^FC:sleep 3; echo partial > \/partial && exit 3\s*$/m);
    assert.match(await capture(s), /^good\s*$/m);
    await shellRun(s, 'exit', /shell ended \(exit 0\)/, 10_000);
    await sendText(s, 'e');
    screen = await waitFor(s, /Successfully built|EXIT:\d+/, 60_000);
    assert.equal(await waitForExit(s, 60_000), 0);
    assert.equal(readFileSync(join(dir, 'editor-args'), 'utf8').trim(), `+4 ${join(dir, 'Dockerfile')}`);
    await assertFailedStateGone(failure);
  });

  it('q leaves with exit 1; without a prompt (--no-prompt, CI) it prints the imgsh shell lines and exits 1 at once', async () => {
    const dir = context(['RUN echo good > /marker', 'RUN exit 4']);
    const s = await start(`${IMGSH} build ${dir}`);
    const screen = await waitFor(s, HINT, 60_000);
    await sendText(s, 'q');
    assert.equal(await waitForExit(s, 10_000), 1);
    await assertFailedStateGone(screen);
    for (const [args, env] of [['--no-prompt', {}], ['', { CI: 'true' }]] as const) {
      const t = await start(`${IMGSH} build ${args} ${dir}`, env);
      assert.equal(await waitForExit(t, 60_000), 1);
      const out = await capture(t);
      assert.match(out, /imgsh shell [0-9a-f]{12}/);
      assert.doesNotMatch(out, HINT);
    }
  });

  it(':build in the app fails on the Build pane (no 3): x opens the shell; D and y typed ahead of it delete nothing', async () => {
    const dir = context(['RUN echo good > /marker', 'RUN exit 3']);
    const s = await start(IMGSH);
    await waitFor(s, /REPOSITORY/, 10_000);
    const pid = await programPid(s);
    await sendText(s, `:build ${dir}`);
    await waitFor(s, /^:build/m);
    await sendKeys(s, 'Enter');
    await waitFor(s, /exit code 3/, 60_000);
    await waitFor(s, /last good layer [0-9a-f]{12}/);
    // x and, before the shell is up, D y: the keys are the shell's or dropped
    await sendText(s, 'x');
    await sendText(s, 'Dy');
    await waitFor(s, /^\/\S* # ?/m, 15_000);
    // the D y went to the shell: cleared there; a D typed as the shell closes is dropped
    await sendKeys(s, 'C-u');
    await sendText(s, 'exit');
    await sendKeys(s, 'Enter');
    await sendText(s, 'D');
    await waitFor(s, /shell in \S+ ended/, 10_000);
    // the app reads keys again: ? opens the help; had the D been read, its question would hold the keys
    await sendText(s, '?');
    await waitFor(s, /Keys — /, 10_000);
    assert.doesNotMatch(await capture(s), /Delete|Confirm|Remove/);
    await sendKeys(s, 'Escape');
    const screen = await waitForNot(s, /Keys — /, 10_000);
    assert.doesNotMatch(screen, /Delete|Confirm|Remove/);
    assert.match(await docker(['images', '-q', keep]), /[0-9a-f]{12}/, 'the image is still there');
    assert.match(screen, /exit code 3/, 'back on the Build pane');
    await sendText(s, 'q');
    assert.equal(await waitForExit(s, 10_000), 0);
    assert.deepEqual(await debugLeft(pid), []);
  });

  it('e in the app hands the terminal to an editor that reads from it; an unchanged file rebuilds nothing', async () => {
    // the editor reads one line from the terminal (as vi would read keys) and appends it as a comment
    const editor = '#!/bin/sh\nprintf "editor> "\nread line\n[ -n "$line" ] && echo "# $line" >> "$2"\nexit 0\n';
    const dir = context(['RUN exit 3'], { 'editor.sh': editor });
    const s = await start(IMGSH, { EDITOR: join(dir, 'editor.sh') });
    await waitFor(s, /REPOSITORY/, 10_000);
    await sendText(s, `:build ${dir}`);
    await waitFor(s, /^:build/m);
    await sendKeys(s, 'Enter');
    await waitFor(s, /exit code 3/, 60_000);
    await sendText(s, 'e');
    await waitFor(s, /editor>/, 10_000);
    await sendKeys(s, 'Enter');
    await waitFor(s, /the Dockerfile is unchanged: nothing rebuilt/, 10_000);
    await sendText(s, 'e');
    await waitFor(s, /editor>/, 10_000);
    await sendText(s, 'typed into the editor q');
    await sendKeys(s, 'Enter');
    await waitForNot(s, /editor>/, 10_000);
    await waitFor(s, /exit code 3/, 60_000);
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /^# typed into the editor q$/m);
    const screen = await capture(s);
    assert.doesNotMatch(screen, /EXIT:/, 'the q typed into the editor did not quit the app');
    await sendText(s, 'q');
    assert.equal(await waitForExit(s, 10_000), 0);
  });

  it('imgsh debug --break 4 in a terminal: the app on the Build pane in the debugger; c, then x', async () => {
    const dir = context(['RUN echo good > /marker', 'RUN echo four > /four', 'RUN exit 5']);
    const s = await start(`${IMGSH} debug --break 4 ${dir}`);
    const pid = await programPid(s);
    await waitFor(s, /paused before line 1\b/, 15_000);
    assert.match(await capture(s), /3 Build/);
    await sendText(s, 'c');
    await waitFor(s, /paused before line 4\b/, 60_000);
    await sendText(s, 'x');
    await waitFor(s, /^\/\S* # ?$/m, 15_000);
    await shellRun(s, 'cat /marker; ls /four || echo no-four', /no-four/);
    await shellRun(s, 'exit', /ended/, 10_000);
    await sendText(s, 'q');
    assert.equal(await waitForExit(s, 15_000), 0);
    assert.deepEqual(await debugLeft(pid), []);
  });
});
