// `imgsh debug` on a multi-stage Dockerfile, on the real engine: a breakpoint in the second
// stage pauses after COPY --from ran and before the line; --target stops at that stage, so a
// later stage that would fail is never built.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
const ctx = mkdtempSync(join(tmpdir(), 'imgsh-debug-stages-'));
const label = `LABEL ${TEST_LABEL}=${run}`;

describe('imgsh debug across stages', () => {
  before(() => {
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [
        `FROM ${fixtureRef()} AS tools`, // 1
        label, // 2
        'RUN echo t > /t', // 3
        `FROM ${fixtureRef()} AS app`, // 4
        label, // 5
        'COPY --from=tools /t /t', // 6
        'RUN echo app > /app', // 7
        `FROM ${fixtureRef()} AS broken`, // 8
        label, // 9
        'RUN exit 9', // 10
      ].join('\n') + '\n',
    );
  });
  after(async () => {
    rmSync(ctx, { recursive: true, force: true });
    const ids = (await docker(['images', '-aq', '--filter', `label=${TEST_LABEL}=${run}`])).split('\n').filter(Boolean);
    if (ids.length) await docker(['rmi', '-f', ...new Set(ids)]).catch(() => '');
  });

  const lastImage = (out: string) => {
    const m = /last completed step's image ([0-9a-f]{12})/.exec(out);
    assert.ok(m, out);
    return m[1];
  };

  it('--break 7 (second stage): COPY --from ran, line 7 did not', async () => {
    const r = await runImgsh(['debug', '--break', '7', ctx], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /paused before line 7: RUN echo app > \/app/);
    const image = lastImage(r.stdout);
    assert.equal((await docker(['run', '--rm', image, 'cat', '/t'])).trim(), 't');
    assert.equal((await docker(['run', '--rm', image, 'sh', '-c', 'ls /app 2>/dev/null || echo none'])).trim(), 'none');
  });

  it('--target app: runs to the end of that stage; the broken stage after it is not built', async () => {
    const r = await runImgsh(['debug', '--target', 'app', ctx], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /debug: at the end/);
    const image = lastImage(r.stdout);
    assert.equal((await docker(['run', '--rm', image, 'cat', '/app', '/t'])).trim(), 'app\nt');
  });

  it('without --target the broken stage fails, and says which line', async () => {
    const r = await runImgsh(['debug', ctx], { timeoutMs: 120_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /debug: line 10 failed/);
  });
});
