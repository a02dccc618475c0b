import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureLines, failureReport, shellQuote } from '../../src/domain/builds/build-report.js';
import { IgnoreRules } from '../../src/domain/builds/build-ignore.js';
import { BuildTracker, lastGoodImage } from '../../src/domain/builds/build-steps.js';
import { instructionForStep, parseDockerfile, runCommand } from '../../src/domain/builds/dockerfile.js';

const DOCKERFILE = ['ARG V=1', 'FROM base AS build', '# c', 'RUN a && \\', '  # inner comment', '  b', 'FROM build', 'RUN ["sh", "-c", "exit 2"]'].join('\n');

describe('dockerfile', () => {
  it('maps steps to instructions: ARG before FROM counts, continuations span lines, stages', () => {
    const df = parseDockerfile(DOCKERFILE);
    assert.deepEqual(df.instructions.map((i) => [i.keyword, i.startLine, i.endLine, i.stage]), [
      ['ARG', 1, 1, -1], ['FROM', 2, 2, 0], ['RUN', 4, 6, 0], ['FROM', 7, 7, 1], ['RUN', 8, 8, 1],
    ]);
    assert.equal(df.instructions[2].args, 'a &&   b');
    assert.equal(instructionForStep(df, 5)?.startLine, 8);
    assert.equal(instructionForStep(df, 6), null); // the hidden LABEL step of --label
    assert.equal(instructionForStep(df, 4, 'build')?.keyword, undefined);
    assert.equal(runCommand(df.instructions[4]), 'sh -c exit 2');
  });
});

describe('build stream', () => {
  it('follows steps, cache, stderr, split lines and the failure', () => {
    const t = new BuildTracker(() => 0);
    for (const stream of ['Step 1/3 : FROM base\n', ' ---> 111111111111\n', 'Step 2/3 : RUN a\n', ' ---> Using cache\n ---> 222222222222\n',
      'Step 3/3 : RUN b\n', ' ---> Running in cccccccccccc\n', 'out', 'put\n', '\x1b[91moops\n\x1b[0m']) t.apply({ stream });
    t.apply({ errorDetail: { code: 2, message: "The command '/bin/sh -c b' returned a non-zero code: 2" } });
    const snap = t.snapshot();
    assert.deepEqual(snap.steps.map((s) => s.status), ['done', 'cached', 'failed']);
    assert.deepEqual(snap.steps[2].log, [{ text: 'output', stderr: false }, { text: 'oops', stderr: true }]);
    assert.equal(lastGoodImage(snap), '222222222222');
    const r = failureReport(snap, 'FROM base\nRUN a\n\nRUN b\n')!;
    assert.equal(r.line, 4);
    assert.equal(r.exitCode, 2);
    assert.equal(r.failedContainer, 'cccccccccccc');
    assert.match(failureLines(r, null).join('\n'), /last good layer 222222222222: imgsh shell 222222222222 --failed-cmd b/);
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});

describe('.dockerignore', () => {
  it('matches folders, globs, ** and ! exceptions, last rule winning', () => {
    const r = new IgnoreRules('node_modules\n*.log\n**/tmp\n!keep.log\n# comment\n');
    assert.ok(r.ignores('node_modules/x/y.js'));
    assert.ok(r.ignores('a.log'));
    assert.ok(!r.ignores('keep.log'));
    assert.ok(r.ignores('a/b/tmp/c'));
    assert.ok(!r.ignores('src/a.ts'));
  });
});
