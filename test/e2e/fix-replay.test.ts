// Fix and replay (issue 11): what the user ran in the shell in the last good layer comes back as a
// proposed RUN before the failing line; y writes it and the rebuild ends green, e edits it first,
// n drops it; a Dockerfile changed meanwhile is never written. busybox ash and bash both record.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { cleanup, docker } from '../support/engine.js';
import { debugLeft, failedBuildFixtures, HINT, IMGSH, SHELL_PROMPT, shellRun } from '../support/failed-build.js';
import { capture, programPid, sendKeys, sendText, tmuxAvailable, waitFor, waitForExit } from '../support/tmux.js';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false;
const fx = failedBuildFixtures();
const tag = fx.run.split('-').slice(-2).join('-');
const FIX_HINT = /y apply it and rebuild · e edit the change first · n drop it/;

/** A context that fails at line 4 (`cat` of a file no step wrote); the Dockerfile's mode is 0640. */
function failing(extra: string[] = [], files: Record<string, string> = {}): string {
  const dir = fx.context([...extra, 'RUN mkdir -p /app', 'RUN cat /app/config', 'RUN echo after'], files);
  chmodSync(join(dir, 'Dockerfile'), 0o640);
  return dir;
}

const dockerfile = (dir: string) => readFileSync(join(dir, 'Dockerfile'), 'utf8');
const lines = (dir: string) => dockerfile(dir).trimEnd().split('\n').slice(2);

describe('fix and replay: the shell in the last good layer becomes a Dockerfile change', { skip }, () => {
  afterEach(() => fx.killSessions());
  after(async () => {
    fx.removeDirs();
    await cleanup();
  });

  it('imgsh build: x, commands in the shell, exit; y writes the RUN (failed commands left out) and the rebuild is green', async () => {
    const dir = failing();
    const image = `e2e-fix/oneshot:${tag}`;
    const s = await fx.start(`${IMGSH} build -t ${image} ${dir}`);
    const pid = await programPid(s);
    await waitFor(s, HINT, 60_000);
    await sendText(s, 'x');
    await waitFor(s, SHELL_PROMPT, 15_000);
    await shellRun(s, 'echo configured > /app/config', /# ?$/m);
    await shellRun(s, 'mkdir /nope/x', /can't create|No such file/);
    await shellRun(s, 'ls /app', /^config\s*$/m);
    await shellRun(s, 'exit', FIX_HINT, 10_000);
    const screen = await capture(s);
    assert.match(screen, /^\+RUN echo configured > \/app\/config$/m);
    assert.match(screen, /left out: 1 that failed in the shell \(mkdir \/nope\/x: exit 1\)/);
    assert.doesNotMatch(screen, /^\+.*ls \/app/m, 'ls only looked');
    await sendText(s, 'y');
    assert.equal(await waitForExit(s, 60_000), 0);
    assert.deepEqual(lines(dir), ['RUN mkdir -p /app', 'RUN echo configured > /app/config', 'RUN cat /app/config', 'RUN echo after']);
    assert.equal(statSync(join(dir, 'Dockerfile')).mode & 0o777, 0o640, 'the mode is kept');
    assert.equal((await docker(['run', '--rm', image, 'cat', '/app/config'])).trim(), 'configured');
    assert.deepEqual(await debugLeft(pid), []);
  });

  it('the app: :build, x, exit; e edits the change, the app rebuilds green on the Build pane', async () => {
    const editor = '#!/bin/sh\nsed -i "s#^RUN touch /app/config\\$#& \\\\&\\\\& echo edited > /app/config#" "$2"\n';
    const dir = failing([], { 'editor.sh': editor });
    const image = `e2e-fix/app:${tag}`;
    const s = await fx.start(IMGSH, { EDITOR: join(dir, 'editor.sh') });
    await waitFor(s, /REPOSITORY/, 10_000);
    const pid = await programPid(s);
    await sendText(s, `:build -t ${image} ${dir}`);
    await waitFor(s, /^:build/m);
    await sendKeys(s, 'Enter');
    await waitFor(s, /last good layer [0-9a-f]{12}/, 60_000);
    await sendText(s, 'x');
    await waitFor(s, SHELL_PROMPT, 15_000);
    await shellRun(s, 'touch /app/config', /# ?$/m);
    await shellRun(s, 'exit', FIX_HINT, 10_000);
    await sendText(s, 'e');
    await waitFor(s, /Built [0-9a-f]{12}/, 60_000);
    assert.match(await capture(s), /✓ 5\/6 RUN cat \/app\/config/, 'the Build pane shows the green rebuild');
    assert.deepEqual(lines(dir).slice(1, 2), ['RUN touch /app/config && echo edited > /app/config']);
    assert.equal((await docker(['run', '--rm', image, 'cat', '/app/config'])).trim(), 'edited');
    await sendText(s, 'q');
    assert.equal(await waitForExit(s, 10_000), 0);
    assert.deepEqual(await debugLeft(pid), []);
  });

  it('a Dockerfile changed on disk meanwhile is not written; bash records too, and n drops the change', async () => {
    // bash from this machine beside the fixture's busybox: the shell is bash, read with the recorder's rc
    const root = (dir: string) => join(dir, 'rootfs');
    const dir = failing(['COPY rootfs/ /']);
    for (const file of ['/bin/bash', ...sharedLibraries('/bin/bash')]) {
      mkdirSync(dirname(join(root(dir), file)), { recursive: true });
      copyFileSync(file, join(root(dir), file));
      chmodSync(join(root(dir), file), 0o755);
    }
    for (const key of ['changed', 'n']) {
      const s = await fx.start(`${IMGSH} build ${dir}`);
      await waitFor(s, HINT, 60_000);
      await sendText(s, 'x');
      await waitFor(s, /bash-[\d.]+# ?$/m, 15_000);
      await shellRun(s, 'echo x > /app/config; false', /# ?$/m);
      await shellRun(s, 'mkdir /app/by-bash', /# ?$/m);
      await shellRun(s, 'exit', FIX_HINT, 10_000);
      const screen = await capture(s);
      assert.match(screen, /^\+RUN mkdir \/app\/by-bash$/m);
      assert.match(screen, /left out: 1 that failed in the shell/);
      const before = dockerfile(dir);
      if (key === 'changed') {
        writeFileSync(join(dir, 'Dockerfile'), `${before}# edited elsewhere\n`);
        await sendText(s, 'y');
        await waitFor(s, /Dockerfile changed on disk since the build: nothing written/, 5000);
        assert.equal(dockerfile(dir), `${before}# edited elsewhere\n`);
      } else {
        await sendText(s, 'n');
        await waitFor(s, /dropped: the Dockerfile is unchanged/, 5000);
        assert.equal(dockerfile(dir), before);
      }
      await waitFor(s, HINT);
      await sendText(s, 'q');
      assert.equal(await waitForExit(s, 10_000), 1);
    }
  });
});

/** The shared libraries a binary of this machine loads (ldd), with the loader. */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(\/\S+\.so[.\d]*)/g)].map((m) => m[1]).filter((p, i, all) => all.indexOf(p) === i);
}
