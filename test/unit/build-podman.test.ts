// Podman's Docker-compatible build stream (its own step dialect), as recorded from Debian's
// podman 4.3 `system service`: steps, cache, the last good layer, the failure's exit code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildTracker, failedStep, lastGoodImage } from '../../src/domain/builds/build-steps.js';

const stream = (lines: string[]) => lines.map((l) => ({ stream: `${l}\n` }));

describe("Podman's build stream", () => {
  it('a passing build: steps, cached step, image ids; COMMIT and the bare id are not log', () => {
    const t = new BuildTracker(() => 0);
    for (const e of stream([
      'STEP 1/3: FROM podtest/x:1',
      'STEP 2/3: RUN echo hi > /hi',
      '--> Using cache 2c95b47b903350d05f9602442187ad53b95848acd9d0727fd9265c9d3f5c74cd',
      '--> 2c95b47b903',
      'STEP 3/3: RUN echo two > /two',
      'COMMIT docker.io/podtest/b:1',
      '--> 3f1533418b7',
      'Successfully tagged docker.io/podtest/b:1',
      '3f1533418b71b83411a76e66a71813d7387b25b6de52e761783951a648986e88',
    ])) t.apply(e);
    t.apply({ aux: { ID: 'sha256:3f1533418b71b83411a76e66a71813d7387b25b6de52e761783951a648986e88' } });
    const snap = t.snapshot();
    assert.equal(snap.total, 3);
    assert.deepEqual(snap.steps.map((s) => [s.number, s.instruction, s.status, s.imageId]), [
      [1, 'FROM podtest/x:1', 'running', null],
      [2, 'RUN echo hi > /hi', 'cached', '2c95b47b903'],
      [3, 'RUN echo two > /two', 'done', '3f1533418b7'],
    ]);
    assert.deepEqual(snap.steps[2].log, []);
  });

  it('a failed build: the failing step, its exit code, the last good layer', () => {
    const t = new BuildTracker(() => 0);
    for (const e of stream(['STEP 1/3: FROM podtest/x:1', 'STEP 2/3: RUN echo hi > /hi', '--> 2c95b47b903', 'STEP 3/3: RUN exit 3'])) t.apply(e);
    const message = 'building at STEP "RUN exit 3": while running runtime: exit status 3\n';
    t.apply({ errorDetail: { message }, error: message });
    const snap = t.snapshot();
    assert.equal(failedStep(snap)?.number, 3);
    assert.equal(snap.failure?.exitCode, 3);
    assert.equal(lastGoodImage(snap), '2c95b47b903');
  });
});
