// `build --buildkit` on the real engine: BuildKit's progress decoded into steps (instruction,
// stage, cached/done/failed, logs), the image tagged; on failure the legacy builder rebuilds the
// steps before the failing one, and its result is the last good layer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BuildSnapshot } from '../../src/domain/builds/build-steps.js';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { runBuildKit } from '../../src/engine/builds/buildkit.js';
import { TEST_LABEL, cleanup, docker, fixtureRef, testDockerHost, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
const tag = `imgsh-test/buildkit:${run.split('-').slice(-2).join('-')}`;
const made: string[] = [];
let okCtx = '';
let failCtx = '';

const catIn = (image: string, path: string) => docker(['run', '--rm', '--entrypoint', 'cat', image, path]);

describe('imgsh build --buildkit', () => {
  before(() => {
    okCtx = mkdtempSync(join(tmpdir(), 'imgsh-bk-ok-'));
    writeFileSync(join(okCtx, 'f.txt'), 'from the context\n');
    writeFileSync(
      join(okCtx, 'Dockerfile'),
      [
        `FROM ${fixtureRef()} AS base`, // 1
        `RUN echo ${run} > /base && echo to-stdout && echo to-stderr >&2`, // 2
        'ENV IN_BASE=1', // 3
        `FROM ${fixtureRef()}`, // 4
        `LABEL ${TEST_LABEL}=${run}`, // 5
        'WORKDIR /app', // 6
        'COPY --from=base /base /app/base', // 7
        'COPY f.txt /app/f.txt', // 8
        'RUN cat /app/base /app/f.txt > /app/both', // 9
      ].join('\n') + '\n',
    );
    failCtx = mkdtempSync(join(tmpdir(), 'imgsh-bk-fail-'));
    writeFileSync(
      join(failCtx, 'Dockerfile'),
      [
        `FROM ${fixtureRef()}`, // 1
        `LABEL ${TEST_LABEL}=${run}`, // 2
        `RUN echo ${run} > /marker`, // 3
        'WORKDIR /work', // 4
        'RUN echo partial > /work/half && echo oops >&2 && exit 3', // 5
        'RUN echo never', // 6
      ].join('\n') + '\n',
    );
  });
  after(async () => {
    await docker(['rmi', '-f', tag]).catch(() => {});
    for (const id of made) await docker(['rmi', '-f', id]).catch(() => {});
    rmSync(okCtx, { recursive: true, force: true });
    rmSync(failCtx, { recursive: true, force: true });
    await cleanup();
  });

  const build = async (): Promise<BuildSnapshot> => {
    const r = await runBuildKit(parseHostUrl(testDockerHost(), { from: 'DOCKER_HOST' }), { dir: okCtx, tags: [tag], buildArgs: {}, labels: { [TEST_LABEL]: run }, noCache: false, pull: false }, { signal: new AbortController().signal });
    return r.snapshot;
  };

  it('decodes the steps of a passing build, tags the image, and shows them cached on a rebuild', async () => {
    const snap = await build();
    assert.equal(snap.failure, null);
    assert.match(snap.imageId ?? '', /^sha256:[0-9a-f]{64}$/);
    const byLine = Object.fromEntries(snap.steps.map((s) => [s.instruction.split(' ')[0] + s.number, s]));
    // numbered as the legacy builder numbers the instructions (ENV and LABEL make no vertex)
    assert.deepEqual(snap.steps.map((s) => s.number).sort((a, b) => a - b), [1, 2, 6, 7, 8, 9]);
    assert.equal(snap.total, 9);
    const run2 = byLine.RUN2;
    assert.equal(run2.status, 'done');
    assert.ok(run2.log.some((l) => l.text === 'to-stderr' && l.stderr), JSON.stringify(run2.log));
    assert.ok(run2.log.some((l) => l.text === 'to-stdout' && !l.stderr), JSON.stringify(run2.log));
    assert.ok(run2.endedAt !== null && run2.endedAt >= run2.startedAt);
    assert.equal(byLine.COPY7.instruction, 'COPY --from=base /base /app/base');
    assert.equal(byLine.RUN9.status, 'done');
    assert.equal((await catIn(tag, '/app/both')).trim(), `${run}\nfrom the context`);
    assert.equal((await docker(['image', 'inspect', '-f', `{{index .Config.Labels "${TEST_LABEL}"}}`, tag])).trim(), run);

    const again = await build();
    assert.equal(again.failure, null);
    assert.equal(again.imageId, snap.imageId);
    const ran = again.steps.filter((s) => s.instruction.startsWith('RUN'));
    assert.ok(ran.length === 2 && ran.every((s) => s.status === 'cached'), JSON.stringify(again.steps.map((s) => [s.number, s.status])));
  });

  it('one-shot: a failing build exits 1 with the step, line, exit code and a last good layer from the legacy builder', async () => {
    const r = await runImgsh(['build', '--buildkit', failCtx], { timeoutMs: 90_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^#\d+ \[4\/5\] RUN echo partial > \/work\/half/m, 'BuildKit progress as plain text');
    assert.match(r.stdout, /^#\d+ oops$/m);
    assert.match(r.stdout, /^#\d+ ERROR: .*exit code: 3$/m);
    assert.match(r.stdout, /building the steps before line 5 with the legacy builder/);
    assert.match(r.stderr, /build failed at step 5\/6 \(line 5, stage 0\): RUN echo partial > \/work\/half/);
    assert.match(r.stderr, /exit code 3: /);
    const good = /last good layer ([0-9a-f]{12}): imgsh shell \1 --failed-cmd 'echo partial/.exec(r.stderr);
    assert.ok(good, r.stderr);
    made.push(good[1]);
    assert.equal((await catIn(good[1], '/marker')).trim(), run);
    await assert.rejects(catIn(good[1], '/work/half'));
    assert.equal((await docker(['image', 'inspect', '-f', '{{.Config.WorkingDir}}', good[1]])).trim(), '/work');
    assert.doesNotMatch(r.stderr, /failed state/, 'BuildKit keeps no failed step container');
  });

  it('cancelling a BuildKit build stops it on the engine', async () => {
    const slow = mkdtempSync(join(tmpdir(), 'imgsh-bk-slow-'));
    try {
      writeFileSync(join(slow, 'Dockerfile'), `FROM ${fixtureRef()}\nRUN sleep 30 && echo bk-slow-${run}\n`);
      const ac = new AbortController();
      const started = Date.now();
      const build = runBuildKit(parseHostUrl(testDockerHost(), { from: 'DOCKER_HOST' }), { dir: slow, tags: [], buildArgs: {}, labels: {}, noCache: true, pull: false }, {
        signal: ac.signal,
        onUpdate: (snap) => snap.steps.some((st) => st.instruction.startsWith('RUN sleep') && st.status === 'running') && ac.abort(),
      });
      await assert.rejects(build, { name: 'CancelledError' });
      assert.ok(Date.now() - started < 10_000, 'cancelled well before the step would end');
      // BuildKit runs the step outside the engine's containers: look for its process instead, until it is gone
      const { execFileSync } = await import('node:child_process');
      const running = () => new RegExp(`bk-slow-${run}`).test(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }));
      // gone, and still gone a while later: BuildKit may start the step's process just after the cancel
      let goneSince = 0;
      for (const end = Date.now() + 15_000; Date.now() < end && !(goneSince && Date.now() - goneSince > 1500); ) {
        if (running()) goneSince = 0;
        else goneSince ||= Date.now();
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(running(), false, 'the process of the cancelled step is gone');
    } finally {
      rmSync(slow, { recursive: true, force: true });
    }
  });

  it('--json: the report carries the last good layer', async () => {
    const r = await runImgsh(['build', '--buildkit', '--json', failCtx], { timeoutMs: 90_000 });
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout || r.stderr) as { line: number; exitCode: number; lastGoodId: string };
    assert.equal(json.line, 5);
    assert.equal(json.exitCode, 3);
    assert.match(json.lastGoodId, /^[0-9a-f]{12}$/);
  });
});
