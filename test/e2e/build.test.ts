// The build debugger in a real terminal (tmux) against the test engine: `:build` of a failing
// Dockerfile, the Build pane's failure screen, `x` (shell in the last good layer) and `f` (the
// failed state), Ctrl-C inside the shell, SIGHUP while the shell runs, and a shell-less image.
// Everything built here carries the run's imgsh.test label (a LABEL right after FROM, so the
// intermediate layers carry it too); nothing labelled imgsh.debug may be left behind.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { TEST_LABEL, cleanup, docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import {
  assertRestored, capture, kill, programPid, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable,
  waitFor, waitForNot, waitForProcessGone,
} from '../support/tmux.js';

const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false;
const run = testLabelValue();
const tag = run.split('-').slice(-2).join('-');
const sessions: string[] = [];
const ctx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-build-'));
const scratchCtx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-scratch-'));
const debugCtx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-debug-'));
const scratch = `e2e-build/noshell:${tag}`;
const slowCtx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-slow-'));
const editCtx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-edit-'));

/** Debug containers and images a process left (labelled `<host>/<pid>`, or the failed state named for it), or all of ours when pid is null. */
async function debugLeft(pid: number | null): Promise<string[]> {
  const filter = `label=imgsh.debug${pid === null ? '' : `=${hostname()}/${pid}`}`;
  const ps = await docker(['ps', '-aq', '--no-trunc', '--filter', filter]);
  const images = await docker(['images', '-aq', '--no-trunc', '--filter', filter]);
  // the kept failed state: the failed step's container, named for the process
  const failed = await docker(['ps', '-aq', '--no-trunc', '--filter', `name=imgsh-failed.${hostname()}.${pid ?? ''}`]);
  return [...ps.split('\n'), ...images.split('\n'), ...failed.split('\n')].filter(Boolean);
}

async function waitNoDebug(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await debugLeft(pid);
    if (!left.length) return;
    if (Date.now() >= deadline) assert.fail(`imgsh.debug artifacts of pid ${pid} left: ${left.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const imgsh = (args: string[]) => runImgsh(args);

/** Until `ok` holds (checked every 100 ms, at most 10 s). */
async function waitUntil(ok: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await ok()); ) {
    if (Date.now() >= end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The app, `:build CTX` run, the Build pane showing the failure. Returns the session and imgsh's pid. */
async function failedBuild(dir = ctx): Promise<{ s: string; pid: number }> {
  const s = await startTmux();
  sessions.push(s);
  await waitFor(s, /REPOSITORY/, 10_000);
  const pid = await programPid(s);
  await sendText(s, `:build ${dir}`);
  await waitFor(s, new RegExp(`^:build ${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm'));
  await sendKeys(s, 'Enter');
  await sendText(s, '3');
  const screen = await waitFor(s, /failed state kept/, 60_000);
  if (dir !== ctx) return { s, pid };
  assert.match(screen, /✗ RUN echo partial > \/partial && exit 3\s+\(line 4\b/);
  assert.match(screen, /exit code 3/);
  assert.match(screen, /last good layer [0-9a-f]{12}/);
  return { s, pid };
}

/** Presses `key` in the Build pane and waits for the shell's prompt. */
async function openShell(s: string, key: string): Promise<void> {
  await sendText(s, key);
  await waitFor(s, /imgsh: shell in/, 15_000);
  await waitFor(s, /^\/\S* # ?$/m, 5000);
}

async function shellRun(s: string, line: string, expect: RegExp, timeoutMs = 5000): Promise<string> {
  await sendText(s, line);
  await sendKeys(s, 'Enter');
  return waitFor(s, expect, timeoutMs);
}

/** `exit` from the shell: the app comes back on the Build pane. */
async function backInApp(s: string): Promise<void> {
  await shellRun(s, 'exit', /shell in \S+ ended \(exit \d+\)/, 10_000);
  const screen = await capture(s);
  assert.match(screen, /exit code 3/, 'the Build pane is back');
  assert.deepEqual(stackTraceLines(screen), []);
  await appReadsKeys(s);
}

/**
 * The first key after a shell ends is the app's: what was typed for the shell is thrown away
 * when the app comes back, not for a time after. `?` (its help) once, and the help closed.
 */
async function appReadsKeys(s: string): Promise<void> {
  await sendText(s, '?');
  await waitFor(s, /Show or hide this help/, 3000);
  await sendKeys(s, 'Escape');
  await waitForNot(s, /Show or hide this help/, 5000);
}

async function quit(s: string, pid: number): Promise<void> {
  await sendText(s, 'q');
  await assertRestored(s, 0, 10_000);
  await waitForProcessGone(pid, 5000);
  await waitNoDebug(pid);
}

describe('the build debugger in a terminal', { skip }, () => {
  before(async () => {
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'RUN echo good > /marker', 'RUN echo partial > /partial && exit 3', 'RUN echo never'].join('\n') + '\n',
    );
    writeFileSync(
      join(debugCtx, 'Dockerfile'),
      [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'RUN echo good > /marker', 'RUN echo four > /four', 'RUN exit 5'].join('\n') + '\n',
    );
    writeFileSync(join(slowCtx, 'Dockerfile'), [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, `RUN sleep 40 && echo slow-${run}`].join('\n') + '\n');
    writeFileSync(
      join(editCtx, 'Dockerfile'),
      [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, `RUN echo ${run}`, 'RUN for i in 1 2 3 4 5 6; do echo line-$i; done; echo needle-here; echo after; exit 3'].join('\n') + '\n',
    );
    // $EDITOR: records its arguments, fixes the failing line, says it runs and waits for the test
    // to release it (keys typed meanwhile are left unread on the terminal)
    writeFileSync(
      join(editCtx, 'editor.sh'),
      `#!/bin/sh\necho "$@" > ${join(editCtx, 'editor-args')}\nsed -i 's/exit 3/exit 0/' "$2"\n` +
        `touch ${join(editCtx, 'editing')}\nwhile [ ! -e ${join(editCtx, 'release')} ]; do sleep 0.05; done\n`,
      { mode: 0o755 },
    );
    writeFileSync(join(editCtx, '.dockerignore'), 'editor*\n');
    writeFileSync(join(scratchCtx, 'hello.txt'), 'hello\n');
    writeFileSync(join(scratchCtx, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /\nCMD ["/hello.txt"]\n');
    await docker(['build', '-q', '--label', `${TEST_LABEL}=${run}`, '-t', scratch, scratchCtx], { env: { DOCKER_BUILDKIT: '0' } });
  });

  // A test that failed half-way leaves its app running: its failed state (a child of the last
  // good layer with the failed step's config) would be a cache hit for the next build.
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      const pid = await programPid(s, 'bin/imgsh.js', 500).catch(() => null);
      await kill(s);
      // it cleans up on the way out (SIGHUP): gone means done
      if (pid) await waitForProcessGone(pid, 10_000).catch(() => {});
    }
  });

  after(async () => {
    rmSync(ctx, { recursive: true, force: true });
    rmSync(scratchCtx, { recursive: true, force: true });
    rmSync(debugCtx, { recursive: true, force: true });
    rmSync(slowCtx, { recursive: true, force: true });
    rmSync(editCtx, { recursive: true, force: true });
    await cleanup();
  });

  it('x: a shell in the last good layer with $IMGSH_FAILED_CMD; exit brings the Build pane back; q cleans up', async () => {
    const { s, pid } = await failedBuild();
    assert.equal((await debugLeft(pid)).length, 1, 'while the app runs, its failed state is kept (one container, no image)');
    await openShell(s, 'x');
    await shellRun(s, 'cat /marker', /^good\s*$/m);
    await shellRun(s, 'echo "FC:$IMGSH_FAILED_CMD"', /^FC:echo partial > \/partial && exit 3\s*$/m);
    await shellRun(s, 'ls /partial 2>&1 || echo NOPARTIAL', /^NOPARTIAL\s*$/m);
    await backInApp(s);
    await quit(s, pid);
  });

  it(':commit after x keeps what was done in the shell as an image, with the layer\'s own configuration and none of imgsh\'s files', async () => {
    const { s, pid } = await failedBuild();
    await openShell(s, 'x');
    await shellRun(s, 'echo kept > /kept-file && echo "LAYER:$IMGSH_LAYER"', /^LAYER:\S+\s*$/m);
    await sendText(s, 'exit');
    await sendKeys(s, 'Enter');
    let screen = await waitFor(s, /its container is kept|y apply it and rebuild/, 10_000);
    if (/y apply it/.test(screen)) await sendText(s, 'n');
    screen = await waitFor(s, /shell in \S+ ended \(exit 0\); its container is kept \(:commit NAME/, 10_000);
    const layer = /shell in (\S+) ended/.exec(screen)![1];
    const ref = `e2e-build/kept:${tag}`;
    await sendText(s, `:commit -m kept -c "ENV KEPT=yes" ${ref}`);
    await sendKeys(s, 'Enter');
    await waitFor(s, new RegExp(`Committed the shell in \\S+ as ${ref}`), 20_000);
    try {
      const config = async (image: string) => JSON.parse(await docker(['image', 'inspect', '-f', '{{json .Config}}', image]));
      const [made, base] = [await config(ref), await config(layer)];
      // an entrypoint the layer has none of is written empty ([]): left out, the engine would take the shell's
      for (const key of ['Entrypoint', 'Cmd', 'WorkingDir', 'User']) assert.deepEqual(made[key] ?? [], base[key] ?? [], key);
      assert.deepEqual(made.Env, [...base.Env, 'KEPT=yes'], 'the layer\'s environment and the -c line, none of the shell\'s');
      assert.equal((await docker(['image', 'inspect', '-f', '{{.Comment}}', ref])).trim(), 'kept');
      assert.equal(made.Labels[TEST_LABEL], base.Labels[TEST_LABEL]);
      assert.ok(!made.Labels['imgsh.debug'], 'not a debug artifact');
      assert.equal((await docker(['run', '--rm', ref, 'cat', '/kept-file'])).trim(), 'kept');
      assert.doesNotMatch(await docker(['run', '--rm', ref, 'ls', '-a', '/']), /\.imgsh/, 'no recorder, no toolbox');
    } finally {
      await docker(['rmi', ref]).catch(() => {});
    }
    await quit(s, pid);
  });

  it(':commit of a shell in a layer that runs as another user than root: imgsh\'s files (root\'s) are taken out as root, the user stays', async () => {
    const userCtx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-user-'));
    writeFileSync(join(userCtx, 'Dockerfile'), [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'RUN mkdir -m 1777 /scratch', 'USER 65534', 'RUN exit 3'].join('\n') + '\n');
    const ref = `e2e-build/uid:${tag}`;
    try {
      const { s, pid } = await failedBuild(userCtx);
      await sendText(s, 'x');
      await waitFor(s, /^\/\S* \$ ?$/m, 15_000); // not root's prompt
      await shellRun(s, 'echo kept > /scratch/kept-file && echo "ID:$(id -u)"', /^ID:65534\s*$/m);
      await sendText(s, 'exit');
      await sendKeys(s, 'Enter');
      let screen = await waitFor(s, /its container is kept|y apply it and rebuild/, 10_000);
      if (/y apply it/.test(screen)) await sendText(s, 'n');
      screen = await waitFor(s, /its container is kept \(:commit NAME/, 10_000);
      await sendText(s, `:commit ${ref}`);
      await sendKeys(s, 'Enter');
      await waitFor(s, new RegExp(`Committed the shell in \\S+ as ${ref}`), 20_000);
      assert.equal((await docker(['image', 'inspect', '-f', '{{.Config.User}}', ref])).trim(), '65534');
      assert.equal((await docker(['run', '--rm', ref, 'cat', '/scratch/kept-file'])).trim(), 'kept');
      assert.doesNotMatch(await docker(['run', '--rm', ref, 'ls', '-a', '/']), /\.imgsh/, 'no recorder, no toolbox');
      await quit(s, pid);
    } finally {
      await docker(['rmi', ref]).catch(() => {});
      rmSync(userCtx, { recursive: true, force: true });
    }
  });

  it('--buildkit: the failure screen from BuildKit, x opens a shell in the last good layer the legacy builder made', async () => {
    const s = await startTmux();
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 10_000);
    const pid = await programPid(s);
    await sendText(s, `:build --buildkit ${ctx}`);
    await sendKeys(s, 'Enter');
    await sendText(s, '3');
    const screen = await waitFor(s, /last good layer [0-9a-f]{12}/, 60_000);
    assert.match(screen, /✗ RUN echo partial > \/partial && exit 3\s+\(line 4\b/);
    // BuildKit 0.8 (Docker 20.10) and Docker 28's BuildKit word the failure differently
    assert.match(screen, /exit code 3: (executor failed running|process ".*" did not complete successfully)/);
    assert.match(screen, /^[=✓] 1\/5 FROM .* (cached|done)/m, 'BuildKit vertexes shown as steps');
    assert.match(screen, /^[=✓] 3\/5 RUN echo good > \/marker/m, 'numbered as the legacy builder would (LABEL makes no vertex)');
    await sendText(s, 'f');
    await waitFor(s, /BuildKit keeps no failed state/);
    await openShell(s, 'x');
    await shellRun(s, 'cat /marker', /^good\s*$/m);
    await shellRun(s, 'ls /partial 2>&1 || echo NOPARTIAL', /^NOPARTIAL\s*$/m);
    await backInApp(s);
    await quit(s, pid);
  });

  it('Ctrl-C inside the shell interrupts the shell, not imgsh', async () => {
    const { s, pid } = await failedBuild();
    await openShell(s, 'x');
    await sendText(s, 'sleep 30');
    await sendKeys(s, 'Enter');
    await waitUntil(async () => {
      const [shell] = (await docker(['ps', '-q', '--filter', `label=imgsh.debug=${hostname()}/${pid}`])).split('\n');
      return Boolean(shell) && /sleep 30/.test(await docker(['top', shell]).catch(() => ''));
    }, 'sleep runs in the shell');
    await sendKeys(s, 'C-c');
    await shellRun(s, 'echo "ALIVE:$((1+1))"', /^ALIVE:2\s*$/m);
    await backInApp(s);
    await quit(s, pid);
  });

  it('f: a shell in the failed state sees what the failed step wrote', async () => {
    const { s, pid } = await failedBuild();
    await openShell(s, 'f');
    await shellRun(s, 'cat /partial', /^partial\s*$/m);
    await backInApp(s);
    await quit(s, pid);
  });

  it('SIGHUP while the shell runs: nothing labelled imgsh.debug is left (at the latest after the next start)', async (t) => {
    const { s, pid } = await failedBuild();
    await openShell(s, 'x');
    await kill(s);
    await waitForProcessGone(pid, 5000);
    const left = await debugLeft(pid);
    t.diagnostic(left.length ? `left after SIGHUP: ${left.join(', ')}; cleaned at the next start` : 'cleaned by imgsh itself on SIGHUP');
    if (left.length) {
      const r = await imgsh(['images']);
      assert.equal(r.code, 0, r.stderr);
    }
    await waitNoDebug(pid);
  });

  it('debug --break 4, c: lines 1–3 ran, line 4 did not; x opens a shell in the last completed step', async () => {
    const s = await startTmux();
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 10_000);
    const pid = await programPid(s);
    await sendText(s, `:debug --break 4 ${debugCtx}`);
    await sendKeys(s, 'Enter');
    await sendText(s, '3');
    let screen = await waitFor(s, /paused before line 1\b/, 10_000);
    assert.match(screen, /^●\s+4 {2}RUN echo four > \/four/m, 'the breakpoint is marked');
    await sendText(s, 'c');
    screen = await waitFor(s, /paused before line 4\b/, 60_000);
    for (const n of [1, 2, 3]) assert.match(screen, new RegExp(`^ ✓\\s+${n}  `, 'm'), `line ${n} ran`);
    assert.match(screen, /^●▶\s+4 {2}RUN echo four/m, 'paused before line 4');
    await openShell(s, 'x');
    await shellRun(s, 'cat /marker', /^good\s*$/m);
    await shellRun(s, 'ls /four 2>&1 || echo NOFOUR', /^NOFOUR\s*$/m);
    await shellRun(s, 'exit', /shell in \S+ ended \(exit \d+\)/, 10_000);
    await sendText(s, 'n');
    await waitFor(s, /paused before line 5\b/, 60_000);
    await sendText(s, 'c');
    await waitFor(s, /line 5 failed: .*exit 5. returned a non-zero code/, 60_000);
    await quit(s, pid);
  });

  it('debug: n through a step that writes a file, d on it: the Layers pane shows the file as added', async () => {
    const s = await startTmux();
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 10_000);
    const pid = await programPid(s);
    await sendText(s, `:debug ${debugCtx}`);
    await sendKeys(s, 'Enter');
    await sendText(s, '3');
    await waitFor(s, /paused before line 1\b/, 10_000);
    for (const next of [2, 3, 4]) {
      await sendText(s, 'n');
      await waitFor(s, new RegExp(`paused before line ${next}\\b`), 60_000);
    }
    await sendText(s, 'k');
    await sendText(s, 'd');
    const screen = await waitFor(s, /A -rw-r--r-- +5B +marker/, 30_000);
    assert.match(screen, /^imgsh .*2 Layers/m);
    assert.match(screen, /›.*RUN echo good > \/marker/, 'at the step that wrote it');
    assert.doesNotMatch(screen, /four/);
    await quit(s, pid);
  });

  it('debug: Esc cancels a running step like any job, and its build container goes', async () => {
    const s = await startTmux();
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 10_000);
    const pid = await programPid(s);
    await sendText(s, `:debug --break 3 ${slowCtx}`);
    await sendKeys(s, 'Enter');
    await sendText(s, '3');
    await waitFor(s, /paused before line 1\b/, 10_000);
    await sendText(s, 'c');
    await waitFor(s, /paused before line 3\b/, 60_000);
    await sendText(s, 'n');
    await waitFor(s, /building…/, 10_000);
    await waitFor(s, /step next — running… \(Esc cancels\)/, 10_000);
    const running = async () => (await docker(['ps', '-a', '--no-trunc', '--format', '{{.Command}}'])).split('\n').filter((c) => c.includes(`slow-${run}`));
    const deadline = Date.now() + 10_000;
    while (!(await running()).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal((await running()).length, 1, 'the step runs in a build container');
    await sendKeys(s, 'Escape');
    const screen = await waitFor(s, /cancelled: n or c runs it again/, 10_000);
    assert.match(screen, /^●▶\s+3  RUN sleep 40/m, 'still paused before line 3');
    await waitForNot(s, /step next — /, 10_000);
    assert.deepEqual(await running(), [], 'the build container is removed');
    await quit(s, pid);
  });

  it('a failed build: / searches the log, e edits the Dockerfile at the failing line ($EDITOR) and builds again', async () => {
    const s = await startTmux({ env: { EDITOR: join(editCtx, 'editor.sh'), VISUAL: '' } });
    sessions.push(s);
    await waitFor(s, /REPOSITORY/, 10_000);
    const pid = await programPid(s);
    await sendText(s, `:build ${editCtx}`);
    await sendKeys(s, 'Enter');
    await sendText(s, '3');
    await waitFor(s, /exit code 3/, 60_000);
    await sendText(s, '/needle');
    // the search is typed on a line of its own, under the build's line
    let screen = await waitFor(s, /^\/needle +1\/1/m);
    assert.match(screen, /›needle-here/);
    await sendKeys(s, 'Enter');
    await waitForNot(s, /^\/needle/m);
    await waitFor(s, /\/needle {2}1\/1/);
    await sendKeys(s, 'Escape');
    await waitForNot(s, /\/needle/);
    await sendText(s, 'e');
    await waitUntil(async () => existsSync(join(editCtx, 'editing')), 'the editor runs', 15_000);
    // typed while the editor runs, never read by it: the editor's, not the app's (q would quit)
    await sendText(s, 'q');
    writeFileSync(join(editCtx, 'release'), '');
    screen = await waitFor(s, /Built [0-9a-f]{12}/, 60_000);
    assert.doesNotMatch(screen, /exit code 3/);
    // and the first key typed once the app is back is the app's
    await sendText(s, '?');
    await waitFor(s, /Show or hide this help/, 3000);
    await sendKeys(s, 'Escape');
    await waitForNot(s, /Show or hide this help/, 5000);
    assert.equal(readFileSync(join(editCtx, 'editor-args'), 'utf8').trim(), `+4 ${join(editCtx, 'Dockerfile')}`);
    assert.match(readFileSync(join(editCtx, 'Dockerfile'), 'utf8'), /exit 0$/m);
    await quit(s, pid);
  });

  it('a layer without a shell gets the toolbox: its busybox, outside the image, which stays as it was', async () => {
    const before = await docker(['image', 'inspect', '-f', '{{.Id}}', scratch]);
    // the fixture is a static busybox: the toolbox here (no Docker Hub offline)
    const s = await startTmux({ cmd: `node bin/imgsh.js shell ${scratch}`, env: { IMGSH_TOOLBOX: fixtureRef() } });
    sessions.push(s);
    await waitFor(s, /no shell in this layer: using the toolbox \(imgsh-fixture/, 15_000);
    await waitFor(s, /^\/\S* # ?$/m, 5000);
    await shellRun(s, 'cat /hello.txt; ls /bin 2>&1 | head -1', /^hello\s*$/m);
    assert.match(await capture(s), /No such file or directory|can't open|not found/, 'the image itself still has no /bin');
    await shellRun(s, 'exit', /EXIT:0/, 10_000);
    assert.equal(await docker(['image', 'inspect', '-f', '{{.Id}}', scratch]), before);
    assert.deepEqual(await debugLeft(null).then((l) => l.filter(Boolean)), [], 'no debug container left');
  });

  it('a layer without a shell and no toolbox to be had: one line saying what to pull, exit 1', async () => {
    const s = await startTmux({ cmd: `node bin/imgsh.js shell ${scratch}`, env: { IMGSH_TOOLBOX: `imgsh-test/no-such-toolbox:${tag}` } });
    sessions.push(s);
    const screen = await assertRestored(s, 1, 30_000);
    // one line (the terminal wraps it)
    assert.match(screen.replace(/\n/g, ''), /^imgsh: no shell in this layer, and the toolbox image imgsh-test\/no-such-toolbox:\S+ is not here and cannot be pulled .*: pull it \(imgsh pull imgsh-test\/no-such-toolbox:\S+\) or set IMGSH_TOOLBOX/m);
    assert.deepEqual(stackTraceLines(screen), []);
    assert.deepEqual(await debugLeft(null).then((l) => l.filter(Boolean)), [], 'no debug container left');
  });
});
