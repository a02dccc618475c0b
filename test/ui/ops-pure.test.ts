// The job runner (store effects), the job and confirm reducer cases, and the pure helpers of
// the job panel and image keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createJobRunner, type JobContext } from '../../src/store/jobs.js';
import { reducer } from '../../src/store/reducer.js';
import { initialState } from '../../src/store/state.js';
import { createStore } from '../../src/store/store.js';
import { archiveName } from '../../src/ui/image-ops.js';
import { jobLines, jobPanelHeight } from '../../src/ui/job-lines.js';
import { row, untilState } from './fixtures.js';

function setup(progressMs = 0) {
  const store = createStore(initialState('unix:///x'));
  const actions: string[] = [];
  const dispatch = store.dispatch;
  store.dispatch = (a) => {
    actions.push(a.type);
    dispatch(a);
  };
  return { store, actions, runner: createJobRunner(store, { progressMs }) };
}

test('one job at a time: the store shows it while it runs; a second is refused', async () => {
  const { store, runner } = setup();
  let finish: () => void = () => {};
  const first = runner.run('pull a', () => new Promise<string>((r) => (finish = () => r('done'))));
  assert.ok(first);
  assert.equal(store.getState().job?.line, 'pull a');
  assert.equal(runner.busy(), true);
  assert.equal(runner.run('pull b', async () => 'x'), null);
  finish();
  assert.deepEqual(await first, { value: 'done', cancelled: false, declined: false });
  assert.equal(store.getState().job, null);
  assert.equal(runner.busy(), false);
});

test('cancel aborts the signal, marks the job cancelling, and the result says cancelled', async () => {
  const { store, runner } = setup();
  let ctx: JobContext | null = null;
  const job = runner.run('save -o x.tar a', (c) => {
    ctx = c;
    return new Promise((_, reject) => c.signal.addEventListener('abort', () => reject(new Error('save cancelled'))));
  })!;
  runner.cancel();
  assert.equal(ctx!.signal.aborted, true);
  await assert.rejects(job, /save cancelled/);
  assert.equal(store.getState().job, null);
  // Work that resolves despite the abort still reports it was cancelled.
  const resolved = runner.run('tag a b', async (c) => (runner.cancel(), c.signal.aborted))!;
  assert.deepEqual(await resolved, { value: true, cancelled: true, declined: false });
});

test('progress: the first report at once, then the latest per interval; none after the end', async (t) => {
  // The throttle's interval is the subject here: a fake clock moves it, nothing waits for real.
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const { store, actions, runner } = setup(40);
  const seen: number[] = [];
  store.subscribe(() => {
    const p = store.getState().job?.progress;
    if (p && seen.at(-1) !== p.current) seen.push(p.current!);
  });
  const job = runner.run('pull a', async (c) => {
    for (let i = 1; i <= 5; i++) c.progress({ title: 'pull a', items: [], current: i, total: 5 });
    await new Promise((r) => setTimeout(r, 60)); // the pull works on for 60 ms of the fake clock
    c.progress({ title: 'pull a', items: [], current: 6, total: 6 });
  })!;
  t.mock.timers.tick(60); // at 40 ms the latest report (5) goes out; at 60 the pull reports 6 and ends
  await job;
  assert.deepEqual(seen, [1, 5]);
  t.mock.timers.tick(60); // report 6 was due 20 ms later
  assert.equal(actions.filter((a) => a === 'job/progress').length, 2, 'the pending report died with the job');
});

test('confirm: the question waits in the store until answered; abort or the end answers no', async () => {
  const { store, runner } = setup();
  const answers: boolean[] = [];
  let ctx: JobContext | null = null;
  const job = runner.run('rmi a', async (c) => {
    ctx = c;
    answers.push(await c.confirm('Remove a?', ['a  delete  1MB']));
    answers.push(await c.confirm('Remove b?'));
    return answers;
  })!;
  await untilState(store, (s) => s.confirm !== null);
  assert.deepEqual(store.getState().confirm, { id: store.getState().confirm!.id, question: 'Remove a?', details: ['a  delete  1MB'] });
  runner.answer(true);
  await untilState(store, (s) => s.confirm?.question !== 'Remove a?');
  assert.equal(store.getState().confirm?.question, 'Remove b?');
  runner.answer(false);
  assert.deepEqual(await job, { value: [true, false], cancelled: false, declined: true });
  assert.equal(store.getState().confirm, null);

  const aborted = runner.run('prune', async (c) => c.confirm('Prune?'))!;
  await untilState(store, (s) => s.confirm !== null);
  assert.ok(store.getState().confirm);
  runner.cancel();
  assert.deepEqual(await aborted, { value: false, cancelled: true, declined: true });
  assert.equal(store.getState().confirm, null);
  assert.equal(await ctx!.confirm('after the job?'), false, 'a question after the end is answered no at once');

  // A question the command never waits for is closed when the job ends.
  await runner.run('x', async (c) => void c.confirm('left open'));
  assert.equal(store.getState().confirm, null);
});

test('stop cancels the running job and waits for it to clean up, at most a while', async () => {
  const { runner } = setup();
  let cleaned = false;
  runner.run('save', (c) => new Promise((_, reject) => c.signal.addEventListener('abort', () => setTimeout(() => ((cleaned = true), reject(new Error('x'))), 20))));
  await runner.stop(1000);
  assert.equal(cleaned, true);
  runner.run('stuck', () => new Promise(() => {}));
  const t0 = Date.now();
  await runner.stop(50);
  assert.ok(Date.now() - t0 < 500);
});

test('reducer: job and confirm actions for another id change nothing; mark/clear empties marks', () => {
  let s = reducer(initialState('x'), { type: 'job/start', id: 2, line: 'pull a' });
  assert.equal(reducer(s, { type: 'job/end', id: 1 }), s);
  assert.equal(reducer(s, { type: 'job/progress', id: 1, progress: { title: 't', items: [] } }), s);
  s = reducer(s, { type: 'confirm/open', id: 3, question: 'q', details: [] });
  assert.equal(reducer(s, { type: 'confirm/close', id: 4 }), s);
  assert.equal(reducer(s, { type: 'confirm/close', id: 3 }).confirm, null);
  assert.equal(reducer(s, { type: 'job/cancelling', id: 2 }).job?.cancelling, true);
  const marked = { ...s, marked: ['a', 'b'] };
  assert.deepEqual(reducer(marked, { type: 'mark/clear' }).marked, []);
  assert.equal(reducer(s, { type: 'mark/clear' }), s);
});

test('job panel: height within half the body; the last items that fit, then the total', () => {
  const items = Array.from({ length: 10 }, (_, i) => ({ id: `l${i}`, status: 'Downloading', current: i, total: 10 }));
  const progress = { title: 'pull', items, current: 45, total: 100 };
  assert.equal(jobPanelHeight(null, 30), 0);
  assert.equal(jobPanelHeight(progress, 30), 12);
  assert.equal(jobPanelHeight(progress, 10), 5);
  assert.equal(jobPanelHeight({ title: 'x', items: [] }, 10), 1);
  const lines = jobLines(progress, 80, 4);
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^l7\s+Downloading\s+\[=+>\s*\] 7B\/10B$/);
  assert.match(lines[3], /^total\s+45%\s+\[=+>\s+\] 45B\/100B$/);
  assert.ok(lines.every((l) => l.length <= 80), lines.join('\n'));
  assert.deepEqual(jobLines({ title: 't', items: [{ id: 'a', status: 'Waiting' }] }, 80, 3), ['a     Waiting           ']);
});

test('archive names come from the repository (the short id when untagged)', () => {
  assert.equal(archiveName(row('127.0.0.1:5055/team/app:1')), './127.0.0.1_5055_team_app.tar');
  const none = row('x', { repository: '<none>', tag: '<none>', ref: null, dangling: true });
  assert.equal(archiveName(none), `./${none.shortId}.tar`);
});
