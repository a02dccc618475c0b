// The app gives back the young generation a burst grew once it goes quiet (issue #12): when the
// collections run, and that on this Node they do shrink it (the premise the timing rests on).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { settleWhenQuiet } from '../../src/settle-memory.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeStore() {
  let listener: (() => void) | null = null;
  return {
    subscribe: (l: () => void) => ((listener = l), () => (listener = null)),
    change: () => listener?.(),
    subscribed: () => listener !== null,
  };
}

test('two collections once quiet, the second a window later; a change starts over; then nothing', async () => {
  const store = fakeStore();
  const at: number[] = [];
  const t0 = Date.now();
  const stop = settleWhenQuiet(store.subscribe, { quietMs: 60, windowMs: 120 }, () => () => at.push(Date.now() - t0));
  await pause(30);
  store.change(); // within the quiet time: the first collection moves to ~90 ms
  await pause(120);
  assert.equal(at.length, 1, 'one collection after the quiet time');
  assert.ok(at[0] >= 85, `not before the quiet time after the last change (${at[0]} ms)`);
  store.change(); // between the two: both run again from here
  await pause(400);
  assert.equal(at.length, 3, `the first again, then the second (${at.join(', ')})`);
  assert.ok(at[2] - at[1] >= 115, `the second a window after the first (${at.join(', ')})`);
  await pause(300);
  assert.equal(at.length, 3, 'nothing more while nothing changes');
  stop();
  assert.equal(store.subscribed(), false);
});

test('no collector (gc not obtainable): nothing fails', async () => {
  const store = fakeStore();
  const stop = settleWhenQuiet(store.subscribe, { quietMs: 10, windowMs: 10 }, () => null);
  await pause(60);
  stop();
});

test('on this Node the real collections shrink a grown young generation, and gc stays hidden', () => {
  // a process of its own: this one's heap is the test runner's
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const { settleWhenQuiet } = await import(${JSON.stringify(new URL('../../src/settle-memory.ts', import.meta.url).href)});
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').physical_space_size / 2 ** 20;
    let keep = [];
    for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 50000) keep = []; }
    keep = null;
    const grown = young();
    settleWhenQuiet(() => () => {}, { quietMs: 500, windowMs: 5100 });
    setTimeout(() => console.log(JSON.stringify({ grown, settled: young(), gc: typeof globalThis.gc })), 6000);
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.ok(out.grown >= 8, `the burst grew the young generation (${out.grown} MB)`);
  assert.ok(out.settled <= 2, `settled back (${out.settled} MB)`);
  assert.equal(out.gc, 'undefined', 'gc is not left on the global object');
});
