// `imgsh build` of a failing Dockerfile with the legacy builder: the last good layer, the failed
// state, the one-shot report, and nothing labelled imgsh.debug left behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, cleanup, cleanupOn, docker, fixtureRef, testEnv, testLabelValue } from '../support/engine.js';
import { REPO_ROOT } from '../support/tmux.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
let ctx = '';
const made: string[] = [];

const imgsh = (args: string[], input?: string) => runImgsh(args, { input });

const catIn = (image: string, path: string) => docker(['run', '--rm', '--entrypoint', 'cat', image, path]);

describe('imgsh build (legacy builder, failing Dockerfile)', () => {
  before(() => {
    ctx = mkdtempSync(join(tmpdir(), 'imgsh-build-'));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [
        'ARG BASE=' + fixtureRef(),
        'FROM $BASE',
        '# markers',
        'RUN echo one > /marker && \\',
        '    echo two > /marker2',
        'WORKDIR /work',
        'RUN echo partial > /work/half && echo oops >&2 && exit 3',
        'RUN echo never',
      ].join('\n') + '\n',
    );
    writeFileSync(join(ctx, 'ignored.txt'), 'x');
    writeFileSync(join(ctx, '.dockerignore'), 'ignored.txt\n');
  });
  after(async () => {
    for (const id of made) await docker(['rmi', '-f', id]).catch(() => {});
    await docker(['image', 'prune', '-f', '--filter', 'label=imgsh.debug']).catch(() => {});
    rmSync(ctx, { recursive: true, force: true });
    await cleanup();
  });

  it('exits 1 naming the failing line, exit code, last good layer and the shell command', async () => {
    const r = await imgsh(['build', '--label', `${TEST_LABEL}=${run}`, ctx]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /Step 1\/7 : ARG BASE/);
    assert.match(r.stderr, /build failed at step 5\/7 \(line 7, stage 0\): RUN echo partial/);
    assert.match(r.stderr, /exit code 3/);
    const good = /last good layer ([0-9a-f]{12}): imgsh shell \1 --failed-cmd 'echo partial/.exec(r.stderr);
    assert.ok(good, r.stderr);
    const failed = /failed state ([0-9a-f]{12}): imgsh shell \1/.exec(r.stderr);
    assert.ok(failed, r.stderr);
    made.push(failed[1], good[1]);
    assert.equal((await catIn(good[1], '/marker')).trim(), 'one');
    assert.equal((await catIn(good[1], '/marker2')).trim(), 'two');
    await assert.rejects(catIn(good[1], '/work/half'));
    // the failed state is the failed step's container, kept (not committed) under a findable name
    const name = (await docker(['inspect', '-f', '{{.Name}}', failed[1]])).trim();
    assert.equal(name, `/imgsh-failed.${hostname()}.failed`);
    const tar = await docker(['cp', `${failed[1]}:/work/half`, '-']);
    assert.match(tar, /partial/);
    // nothing committed from it: the same build still fails at that step (no false cache hit)
    const again = await docker(['build', '-q', '--force-rm', ctx], { env: { DOCKER_BUILDKIT: '0' } }).then(() => 'built', (e: Error) => e.message);
    assert.match(again, /returned a non-zero code: 3/);
  });

  it('reads the Dockerfile from stdin with -f -, and says what to do about a missing context', async () => {
    const ok = await imgsh(['build', '-f', '-', '--label', `${TEST_LABEL}=${run}`, ctx], `FROM ${fixtureRef()}\nRUN test ! -e /ctx\n`);
    assert.equal(ok.code, 0, ok.stderr);
    const id = /Built ([0-9a-f]{12})/.exec(ok.stdout)?.[1];
    assert.ok(id, ok.stdout);
    made.push(id);
    const missing = await imgsh(['build', join(ctx, 'nope')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^imgsh: build context ".*nope" is not a directory/);
    assert.doesNotMatch(missing.stderr, /at .*\.js/);
  });

  it('leaves nothing labelled imgsh.debug once the failed state is consumed by the next build', async () => {
    await imgsh(['build', '-f', '-', ctx], `FROM ${fixtureRef()}\n`);
    assert.equal((await docker(['images', '-aq', '--filter', 'label=imgsh.debug'])).trim(), '');
    assert.equal((await docker(['ps', '-aq', '--filter', 'label=imgsh.debug'])).trim(), '');
  });
});

describe('the build log and colour', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-build-colour-'));
  // the legacy builder paints a step's stderr red (\x1b[91m … \x1b[0m)
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${fixtureRef()}\nLABEL ${TEST_LABEL}=${run}\nRUN echo to-stderr-${run} >&2 && exit 3\n`);
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    // the LABEL step's image, left by the failed builds: the file's cleanup ran before this suite
    await cleanupOn();
  });

  it('into a pipe: the text without colour codes', async () => {
    const r = await imgsh(['build', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`^to-stderr-${run}$`, 'm'));
    assert.doesNotMatch(r.stdout + r.stderr, /\x1b/);
  });

  it('on a terminal: the colour kept', { skip: spawnSync('script', ['--version']).status !== 0 ? 'no script(1)' : false }, () => {
    const line = `script -qfec "node bin/imgsh.js build --no-prompt ${dir}" /dev/null`;
    const r = spawnSync('bash', ['-c', line], { cwd: REPO_ROOT, env: testEnv(), encoding: 'utf8', timeout: 60_000 });
    assert.match(r.stdout, new RegExp(`\\x1b\\[91mto-stderr-${run}`));
  });
});
