import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureLines, failureReport } from '../../src/domain/builds/build-report.js';
import { BuildKitTracker, instructionForVertex, legacyStepNumber, type BkVertex } from '../../src/domain/builds/buildkit-steps.js';
import { parseDockerfile } from '../../src/domain/builds/dockerfile.js';
import { lastGoodPrefix } from '../../src/engine/builds/buildkit-last-good.js';

const TEXT = ['ARG V=1', 'FROM base AS build', 'ENV A=1', 'RUN make', 'FROM base', 'WORKDIR /app', 'COPY --from=build /out /app', 'RUN test', 'CMD ["x"]'].join('\n') + '\n';
const df = parseDockerfile(TEXT);
const ts = (s: number) => ({ seconds: s, nanos: 500_000_000 });
const enc = (s: string) => new TextEncoder().encode(s);

describe('BuildKit vertexes as Dockerfile steps', () => {
  it('maps `[stage N/M] TEXT` to the instruction: named and stage-N stages, config instructions skipped', () => {
    const line = (name: string) => {
      const i = instructionForVertex(df, name);
      return i === null ? null : df.instructions[i].startLine;
    };
    assert.equal(line('[build 1/2] FROM docker.io/library/base'), 2);
    assert.equal(line('[build 2/2] RUN make'), 4);
    assert.equal(line('[stage-1 2/4] WORKDIR /app'), 6);
    assert.equal(line('[stage-1  4/4] RUN test'), 8);
    assert.equal(line('[internal] load metadata for docker.io/library/base'), null);
    assert.equal(line('exporting to image'), null);
    assert.equal(legacyStepNumber(df, 7), 8);
    assert.equal(legacyStepNumber(df, 3, 'build'), 4);
    const single = parseDockerfile('FROM a\nENV X=1\nRUN b\n');
    assert.equal(instructionForVertex(single, '[2/2] RUN b'), 2);
    // both stages are FROM base: BuildKit merges them into one vertex and names it after
    // either stage, run by run; it is the first FROM's step either way
    assert.equal(line('[stage-1 1/4] FROM docker.io/library/base'), 2);
  });

  it('tracks vertexes into steps: cached, done, failed with its exit code, logs split by stream', () => {
    const said: string[] = [];
    const t = new BuildKitTracker(df, undefined, (l) => said.push(l));
    const v = (digest: string, name: string, more: Partial<BkVertex> = {}): BkVertex => ({ digest, name, ...more });
    t.apply({ vertexes: [v('i', '[internal] load build context', { started: ts(1), completed: ts(1) }), v('a', '[build 1/2] FROM docker.io/library/base'), v('b', '[build 2/2] RUN make')] });
    assert.equal(t.snapshot().steps.length, 0, 'listed vertexes are not steps until they start');
    t.apply({ vertexes: [v('a', '[build 1/2] FROM docker.io/library/base', { cached: true, started: ts(2), completed: ts(2) })] });
    t.apply({ vertexes: [v('b', '[build 2/2] RUN make', { started: ts(3) })] });
    t.apply({ logs: [{ vertex: 'b', stream: 1, msg: enc('building\npar') }, { vertex: 'b', stream: 2, msg: enc('warn\n') }, { vertex: 'b', stream: 1, msg: enc('tial\n') }] });
    let snap = t.snapshot();
    assert.deepEqual(snap.steps.map((s) => [s.number, s.instruction, s.status]), [[2, 'FROM docker.io/library/base', 'cached'], [4, 'RUN make', 'running']]);
    assert.deepEqual(snap.steps[1].log, [{ text: 'building', stderr: false }, { text: 'warn', stderr: true }, { text: 'partial', stderr: false }]);
    t.apply({ vertexes: [v('b', '[build 2/2] RUN make', { started: ts(3), completed: ts(5), error: 'executor failed running [/bin/sh -c make]: exit code: 2' })] });
    t.fail('executor failed running [/bin/sh -c make]: exit code: 2');
    snap = t.snapshot();
    assert.equal(snap.steps[1].status, 'failed');
    assert.equal(snap.steps[1].endedAt! - snap.steps[1].startedAt, 2000);
    assert.equal(snap.total, 9);
    const r = failureReport(snap, TEXT)!;
    assert.deepEqual([r.stepNumber, r.line, r.stage, r.exitCode, r.failedCmd, r.lastGoodId], [4, 4, 'stage 0 (build)', 2, 'make', null]);
    assert.deepEqual(said, ['#1 [internal] load build context', '#1 DONE 0.0s', '#2 [build 1/2] FROM docker.io/library/base', '#2 CACHED', '#3 [build 2/2] RUN make', '#3 building', '#3 warn', '#3 partial', '#3 ERROR: executor failed running [/bin/sh -c make]: exit code: 2']);
  });

  it('a failure before any step (a base image that cannot be pulled) says so', () => {
    const t = new BuildKitTracker(df, undefined);
    t.apply({ vertexes: [{ digest: 'm', name: '[internal] load metadata for docker.io/library/base', started: ts(1), completed: ts(2), error: 'failed to do request' }] });
    t.fail('failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request');
    const lines = failureLines(failureReport(t.snapshot(), TEXT)!, null);
    assert.deepEqual(lines, ['build failed before any step ran', '  failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request', '  no step succeeded: there is no layer to open a shell in']);
  });

  it('the legacy rebuild for the last good layer stops in the failing stage (named for it when unnamed)', () => {
    assert.deepEqual(lastGoodPrefix(TEXT, df, 3), { text: 'ARG V=1\nFROM base AS build\nENV A=1\n', target: 'build' });
    const p = lastGoodPrefix(TEXT, df, 7)!;
    assert.equal(p.target, 'imgsh-last-good');
    assert.match(p.text, /^FROM base AS imgsh-last-good$/m);
    assert.match(p.text, /COPY --from=build \/out \/app\n$/);
    assert.equal(lastGoodPrefix(TEXT, df, 4), null, 'a failing FROM has no layer before it');
    assert.deepEqual(lastGoodPrefix('FROM a\nRUN b\nRUN c\n', parseDockerfile('FROM a\nRUN b\nRUN c\n'), 2), { text: 'FROM a\nRUN b\n' });
  });
});
