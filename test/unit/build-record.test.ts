// Why a build missed the cache (issue #13), from two records of the same tag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILD_RECORD_VERSION, explainMiss, missLine, readRecord, recordFromText, unusableLine, type BuildRecord, type RecordedStep } from '../../src/domain/builds/build-record.js';

const step = (n: number, instruction: string, cached: boolean, more: Partial<RecordedStep> = {}): RecordedStep => ({ step: n, line: n + 1, instruction, cached, base: 'sha256:base1', ...more });
const record = (steps: RecordedStep[], buildArgs: Record<string, string> = {}): BuildRecord => ({ version: BUILD_RECORD_VERSION, tag: 'app:dev', at: '2026-12-06T00:00:00Z', imageId: 'sha256:x', dockerfile: 'Dockerfile', buildArgs, steps });
const src = (path: string, size: number, digest: string) => ({ path, size, digest });

const last = record([
  step(1, 'FROM base', true),
  step(2, 'COPY src/ /app/', true, { inputs: [src('src/a.go', 1200, 'd1'), src('src/b.go', 10, 'd2'), src('src/old.go', 5, 'd3')] }),
  step(3, 'RUN make', true),
]);

test('files: changed contents (sizes before and after), new and gone files', () => {
  const now = record([step(1, 'FROM base', true), step(2, 'COPY src/ /app/', false, { inputs: [src('src/a.go', 1300, 'd9'), src('src/b.go', 10, 'd2'), src('src/new.go', 400, 'd4')] }), step(3, 'RUN make', false)]);
  const m = explainMiss(last, now)!;
  assert.deepEqual(m.reason, { kind: 'files', files: [{ path: 'src/a.go', before: 1200, after: 1300 }, { path: 'src/new.go', after: 400 }, { path: 'src/old.go', before: 5 }] });
  assert.equal(missLine(m), 'cache miss at step 2 (line 3) COPY src/ /app/: 3 source files changed: src/a.go 1.2kB → 1.3kB, src/new.go (new, 400B), src/old.go (gone)');
});

test('a build argument, the base image, the instruction; nothing to say when all came from the cache', () => {
  const arg = explainMiss(record(last.steps, { V: '1' }), record([step(1, 'FROM base', true), step(2, 'COPY src/ /app/', true, { inputs: last.steps[1].inputs }), step(3, 'RUN make', false)], { V: '2' }))!;
  assert.equal(missLine(arg), 'cache miss at step 3 (line 4) RUN make: build argument V 1 → 2');
  const base = explainMiss(last, record([step(1, 'FROM base', false, { base: 'sha256:base2' })]))!;
  assert.match(missLine(base), /step 1 .*the base image moved: base1 → base2$/);
  const changed = explainMiss(last, record([step(1, 'FROM base', true), step(2, 'COPY src/ /app/', true, { inputs: last.steps[1].inputs }), step(3, 'RUN make -j4', false)]))!;
  assert.match(missLine(changed), /RUN make -j4: its instruction changed \(was: RUN make\)$/);
  assert.equal(explainMiss(last, last), null);
  const pruned = explainMiss(last, record([step(1, 'FROM base', true), step(2, 'COPY src/ /app/', true, { inputs: last.steps[1].inputs }), step(3, 'RUN make', false)]))!;
  assert.match(missLine(pruned), /no input it took changed/);
  assert.equal(explainMiss(last, record([...last.steps.map((s) => ({ ...s })), step(4, 'RUN new', false)])), null, 'a step last time did not have');
});

test('a record of another version, or damaged, is not read', () => {
  assert.deepEqual(readRecord(JSON.parse(JSON.stringify(last))), last);
  assert.equal(readRecord({ ...last, version: 0 }), null);
  assert.equal(readRecord({ ...last, steps: [{ step: 'x' }] }), null);
  assert.equal(readRecord(null), null);
  assert.equal(readRecord('{'), null);
});

test('a record file of another version, or damaged: one line says so instead of an explanation (issue #13, bad input)', () => {
  assert.deepEqual(recordFromText(JSON.stringify(last)), last);
  const older = recordFromText(JSON.stringify({ ...last, version: 0, steps: 'another shape' }));
  assert.deepEqual(older, { unusable: 'other-version' });
  assert.equal(unusableLine('app:1', { unusable: 'other-version' }, true), "no cache explanation this time: the last build record of app:1 is from another version of imgsh (this build's record replaces it)");
  for (const text of ['{"version":', '', 'null', '"x"', JSON.stringify({ ...last, steps: [{ step: 'x' }] }), JSON.stringify({ ...last, version: undefined })]) assert.deepEqual(recordFromText(text), { unusable: 'damaged' }, text);
  assert.equal(unusableLine('app:1', { unusable: 'damaged' }, true), "no cache explanation this time: the last build record of app:1 is damaged (this build's record replaces it)");
  assert.equal(unusableLine('app:1', { unusable: 'unreadable', code: 'EACCES' }, false), "no cache explanation this time: the last build record of app:1 cannot be read (EACCES) (this build's record could not be written in its place)");
});
