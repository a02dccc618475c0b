import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toRows, type ImageSummary } from '../../src/domain/images/image.js';
import { reducer } from '../../src/store/reducer.js';
import { selectCurrentRow, selectTargets, selectVisible } from '../../src/store/selectors.js';
import { initialState, type AppState } from '../../src/store/state.js';
import type { Action } from '../../src/store/actions.js';
import { BuildTracker, type BuildSnapshot } from '../../src/domain/builds/build-steps.js';
import { parseDockerfile } from '../../src/domain/builds/dockerfile.js';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import type { Engine } from '../../src/engine/types.js';
import { buildControls, localBuildPort } from '../../src/store/build-controls.js';
import { createDebugSession, type DebugSession } from '../../src/store/debug-session.js';
import { createJobRunner } from '../../src/store/jobs.js';
import { createStore } from '../../src/store/store.js';

const summary = (i: number, tag: string): ImageSummary => ({
  id: `sha256:${String(i).padStart(64, '0')}`,
  parentId: '',
  repoTags: [tag],
  repoDigests: [],
  created: 1000 + i,
  size: i,
  labels: {},
});

function run(state: AppState, ...actions: Action[]): AppState {
  return actions.reduce(reducer, state);
}

const rows = toRows(['a:1', 'b:1', 'c:1', 'busybox:latest'].map((t, i) => summary(i, t)), new Map());
const loaded = run(initialState('unix:///x'), { type: 'images/loaded', rows });

describe('reducer', () => {
  it('moves the cursor within bounds, by page and to the edges', () => {
    // Sorted by created, newest first: busybox, c, b, a.
    assert.equal(selectCurrentRow(loaded)?.repository, 'busybox');
    assert.equal(selectCurrentRow(run(loaded, { type: 'cursor/move', delta: 1 }))?.repository, 'c');
    assert.equal(selectCurrentRow(run(loaded, { type: 'cursor/move', delta: -5 }))?.repository, 'busybox');
    assert.equal(selectCurrentRow(run(loaded, { type: 'cursor/edge', edge: 'bottom' }))?.repository, 'a');
    assert.equal(selectCurrentRow(run(loaded, { type: 'page/size', pageSize: 2 }, { type: 'cursor/page', delta: 1 }))?.repository, 'b');
  });

  it('keeps the selection on the same image across reloads', () => {
    const s = run(loaded, { type: 'cursor/move', delta: 2 });
    const more = toRows([...['a:1', 'b:1', 'c:1', 'busybox:latest'].map((t, i) => summary(i, t)), summary(9, 'new:1')], new Map());
    assert.equal(selectCurrentRow(run(s, { type: 'images/loaded', rows: more }))?.repository, 'b');
  });

  it('when the selected image goes (removed or retagged elsewhere), the selection moves to a neighbour', () => {
    // busybox, c, b, a: on c, c goes → b (the next); on a, a goes → b (the one before, at the end)
    const without = (...gone: string[]) => toRows(['a:1', 'b:1', 'c:1', 'busybox:latest'].map((t, i) => summary(i, t)).filter((x) => !gone.includes(x.repoTags[0])), new Map());
    const onC = run(loaded, { type: 'cursor/move', delta: 1 });
    assert.equal(selectCurrentRow(run(onC, { type: 'images/loaded', rows: without('c:1') }))?.repository, 'b');
    const onA = run(loaded, { type: 'cursor/edge', edge: 'bottom' });
    assert.equal(selectCurrentRow(run(onA, { type: 'images/loaded', rows: without('a:1') }))?.repository, 'b');
    assert.equal(selectCurrentRow(run(onC, { type: 'images/loaded', rows: without('c:1', 'b:1') }))?.repository, 'a');
    assert.equal(selectCurrentRow(run(onC, { type: 'images/loaded', rows: [] })), null);
  });

  it('filters by search and clears it', () => {
    const s = run(loaded, { type: 'search/start' }, { type: 'search/set', query: 'bsybx' });
    assert.deepEqual(selectVisible(s).map((v) => v.row.repository), ['busybox']);
    assert.equal(selectVisible(run(s, { type: 'search/clear' })).length, 4);
  });

  it('marks rows, and operations target the marked rows', () => {
    const s = run(loaded, { type: 'mark/toggle' }, { type: 'mark/toggle' });
    assert.deepEqual(selectTargets(s).map((r) => r.repository).sort(), ['busybox', 'c']);
    assert.deepEqual(selectTargets(loaded).map((r) => r.repository), ['busybox']);
  });

  it('cycles sort and panes, and recalls command history', () => {
    assert.equal(run(loaded, { type: 'sort/cycle' }).sort, 'size');
    assert.equal(run(loaded, { type: 'pane/cycle', delta: -1 }).pane, 'build');
    const opened = run(loaded, { type: 'cmdline/open', text: 'build -t  .', back: 2 });
    assert.deepEqual(opened.commandLine, { editing: true, text: 'build -t  .', cursor: 9 });
    const walking = run(opened, { type: 'prompt/walk', walk: { index: 0, prefix: '', draft: { text: '', cursor: 0 } } }, { type: 'prompt/kill', kill: 'x' });
    assert.notEqual(walking.prompt.walk, null);
    // a prompt that closes ends the walk; the kill buffer stays for the next prompt, as readline's does
    const closed = run(walking, { type: 'cmdline/submit' });
    assert.deepEqual(closed.commandLine, { editing: false, text: '' });
    assert.equal(closed.prompt.walk, null);
    assert.equal(closed.prompt.kill, 'x');
  });
});

// The Build pane's state is the store's: named actions, a pure sub-reducer (src/store/build.ts).
function tracker(lines: string[]): BuildSnapshot {
  const t = new BuildTracker(() => 0);
  for (const stream of lines) t.apply({ stream });
  return t.snapshot();
}

describe('reducer: the Build pane', () => {
  const twoSteps = tracker(['Step 1/2 : FROM busybox\n', ' ---> 111111111111\n', 'Step 2/2 : RUN make\n', ' ---> Running in aaaaaaaaaaaa\n', 'made\n']);
  const base = initialState('unix:///x');
  const build = (...actions: Action[]) => run(base, ...actions).build;

  it('a build: started (running, the pane reset), the stages, progress (the selection follows the last step), finished', () => {
    const looked = run(base, { type: 'build/log-focus', focus: true }, { type: 'build/failed-state', id: 'ctr' });
    const started = run(looked, { type: 'build/started', line: 'build .', builder: 'legacy' }).build;
    assert.equal(started.line, 'build .');
    assert.equal(started.running, true);
    assert.equal(started.builder, 'legacy');
    assert.equal(started.failedStateId, null, 'the last build’s failed state is not this one’s');
    assert.equal(started.logFocus, true, 'how the user looks at the log stays');
    const s = run(looked, { type: 'build/started', line: 'build .', builder: 'legacy' }, { type: 'build/dockerfile', stepStages: ['0', '0'] }, { type: 'build/progress', snapshot: twoSteps });
    assert.deepEqual(s.build.stepStages, ['0', '0']);
    assert.equal(s.build.selected, 1);
    assert.equal(s.build.snapshot, twoSteps);
    const done = run(s, { type: 'build/finished', report: null, dockerfilePath: '/ctx/Dockerfile', dockerfileText: 'FROM busybox\n' }).build;
    assert.equal(done.running, false);
    assert.equal(done.dockerfilePath, '/ctx/Dockerfile');
    assert.equal(done.dockerfileText, 'FROM busybox\n');
    assert.equal(run(s, { type: 'build/stopped' }).build.running, false);
    assert.deepEqual(run(s, { type: 'build/cleared' }).build.line, null);
    assert.equal(run(s, { type: 'build/cleared' }).build.snapshot, null);
  });

  it('selecting a step follows its log from the end and keeps the search, without its match', () => {
    const searching = run(base, { type: 'build/progress', snapshot: twoSteps }, { type: 'build/log-search-open' }, { type: 'build/log-search-set', query: 'made', match: 0, top: 0 });
    assert.deepEqual(searching.build.logSearch, { query: 'made', cursor: undefined, editing: true, match: 0 });
    assert.equal(searching.build.logFocus, true, '/ gives the log the keys');
    assert.equal(searching.build.logTop, 0);
    const selected = run(searching, { type: 'build/select', selected: 0 }).build;
    assert.equal(selected.selected, 0);
    assert.equal(selected.logTop, null);
    assert.deepEqual(selected.logSearch, { query: 'made', cursor: undefined, editing: true, match: null });
  });

  it('the log: focus, scroll, and `/` search (typed, cursor moved, n/N, Enter, Esc)', () => {
    assert.equal(build({ type: 'build/log-focus', focus: true }).logFocus, true);
    assert.equal(build({ type: 'build/log-scroll', top: 5 }).logTop, 5);
    assert.equal(build({ type: 'build/log-scroll', top: 5 }, { type: 'build/log-scroll', top: null }).logTop, null);
    const open = run(base, { type: 'build/log-search-open' });
    const typed = run(open, { type: 'build/log-search-set', query: 'ro', cursor: 1, match: null });
    assert.equal(typed.build.logTop, open.build.logTop, 'no match: the view stays');
    assert.deepEqual(run(typed, { type: 'build/log-search-cursor', cursor: 2 }).build.logSearch, { query: 'ro', cursor: 2, editing: true, match: null });
    const matched = run(typed, { type: 'build/log-search-match', match: 7, top: 4 }).build;
    assert.equal(matched.logSearch?.match, 7);
    assert.equal(matched.logTop, 4);
    assert.equal(run(typed, { type: 'build/log-search-accept' }).build.logSearch?.editing, false);
    assert.equal(run(typed, { type: 'build/log-search-close' }).build.logSearch, null);
  });

  it('search and log actions that change nothing return the same state', () => {
    for (const a of [
      { type: 'build/log-search-close' },
      { type: 'build/log-search-accept' },
      { type: 'build/log-search-cursor', cursor: 1 },
      { type: 'build/log-search-match', match: 1, top: 1 },
      { type: 'build/log-search-set', query: 'x', match: null },
      { type: 'build/stopped' },
      { type: 'build/failed-state', id: null },
      { type: 'debug/cursor', cursor: 3 },
      { type: 'debug/toggle-break' },
      { type: 'debug/step-started' },
    ] as Action[]) {
      assert.equal(reducer(base, a), base, a.type);
    }
  });

  const text = 'FROM busybox\nRUN a\nRUN b\nRUN c\n';
  const df = parseDockerfile(text);
  const started: Action = { type: 'debug/started', dockerfilePath: '/ctx/Dockerfile', text, df, breaks: [3] };

  it('debug/started replaces the build with a session paused before the first instruction', () => {
    const s = run(base, { type: 'build/started', line: 'build .', builder: 'legacy' }, { type: 'build/progress', snapshot: twoSteps }, started).build;
    assert.equal(s.line, null);
    assert.equal(s.running, false);
    assert.equal(s.snapshot, null);
    assert.equal(s.dockerfilePath, '/ctx/Dockerfile');
    assert.deepEqual(s.debug, { text, df, next: 0, breaks: [3], cursor: 0, lastImage: null, images: [], busy: false, error: null });
    assert.equal(run(base, started, { type: 'build/started', line: 'build .', builder: 'legacy' }).build.debug, null, 'a build ends the session');
  });

  it('the debugger: cursor (kept on an instruction), breakpoints at the cursor, a step run, a failure', () => {
    assert.equal(build(started, { type: 'debug/cursor', cursor: 9 }).debug?.cursor, 3);
    assert.equal(build(started, { type: 'debug/cursor', cursor: -1 }).debug?.cursor, 0);
    const broke = build(started, { type: 'debug/cursor', cursor: 1 }, { type: 'debug/toggle-break' });
    assert.deepEqual(broke.debug?.breaks, [3, 2]);
    assert.deepEqual(build(started, { type: 'debug/cursor', cursor: 2 }, { type: 'debug/toggle-break' }).debug?.breaks, []);
    const busy = build(started, { type: 'debug/step-started' }).debug!;
    assert.equal(busy.busy, true);
    assert.equal(busy.error, null);
    const ran = build(started, { type: 'debug/step-started' }, { type: 'debug/step-built', images: ['i0', 'i1'], made: ['i1'] }, { type: 'debug/step-done', next: 2, lastImage: 'i1', error: null }).debug!;
    assert.deepEqual([ran.busy, ran.next, ran.cursor, ran.lastImage, ran.error], [false, 2, 2, 'i1', null]);
    assert.deepEqual([ran.images, ran.made], [['i0', 'i1'], ['i1']]);
    const end = build(started, { type: 'debug/step-done', next: 4, lastImage: 'i3', error: null }).debug!;
    assert.deepEqual([end.next, end.cursor], [4, 3], 'at the end the cursor stays on the last instruction');
    const failed = build(started, { type: 'debug/step-started' }, { type: 'debug/step-failed', error: 'cancelled: n or c runs it again', made: ['i1'] }).debug!;
    assert.deepEqual([failed.busy, failed.next, failed.error, failed.made], [false, 0, 'cancelled: n or c runs it again', ['i1']]);
  });
});

describe('jobs: how the last one ended is in the store', () => {
  it('ok, a failure (a rejection, or what the outcome says), a cancel, a refusal', async () => {
    const store = createStore(initialState('unix:///x'));
    const runner = createJobRunner(store, { progressMs: 0 });
    await runner.run('pull a', async () => 'done');
    assert.deepEqual(store.getState().lastJob, { line: 'pull a', ok: true, cancelled: false, refused: false, error: null });
    await assert.rejects(runner.run('pull b', async () => Promise.reject(new Error('no such image')))!);
    assert.deepEqual(store.getState().lastJob, { line: 'pull b', ok: false, cancelled: false, refused: false, error: 'no such image' });
    await runner.run('layers c', async () => ({ code: 1 }), (o) => (o.code ? 'c: no such image' : null));
    assert.deepEqual(store.getState().lastJob, { line: 'layers c', ok: false, cancelled: false, refused: false, error: 'c: no such image' });
    let release = () => {};
    const slow = runner.run('layers d', (ctx) => new Promise<string>((r) => ((release = () => r('late')), ctx.signal.addEventListener('abort', release))), (_v, cancelled) => (cancelled ? 'layer indexing cancelled' : null))!;
    assert.equal(runner.run('layers e', async () => 'x'), null);
    assert.deepEqual(store.getState().lastJob, { line: 'layers e', ok: false, cancelled: false, refused: true, error: null });
    runner.cancel();
    await slow;
    assert.deepEqual(store.getState().lastJob, { line: 'layers d', ok: false, cancelled: true, refused: false, error: 'layer indexing cancelled' });
  });
});

describe('build controls: the Build pane for commands', () => {
  it('reads and dispatches through the one store; the debug session is reachable only while the pane shows one', () => {
    const store = createStore(initialState('unix:///x'));
    const controls = buildControls(store);
    const session: DebugSession = { step: async () => {} };
    controls.attach(session);
    assert.equal(controls.session(), null);
    controls.dispatch({ type: 'debug/started', dockerfilePath: 'Dockerfile', text: 'FROM a\n', df: parseDockerfile('FROM a\n'), breaks: [] });
    assert.equal(controls.get(), store.getState().build);
    assert.equal(controls.session(), session);
    controls.dispatch({ type: 'build/started', line: 'build .', builder: 'legacy' });
    assert.equal(controls.session(), null, 'a build replaced the session');
  });

  it('a debug session runs its steps as actions: to the next breakpoint, read from the state', async () => {
    const text = 'FROM busybox\nRUN a\nRUN b\nRUN c\n';
    const df = parseDockerfile(text);
    const built: string[] = [];
    const engine = {
      endpoint: parseHostUrl('unix:///x', { from: 'flag' }),
      async build(opts: { dockerfileText?: string }, hooks: { onUpdate?(s: BuildSnapshot): void }) {
        built.push(opts.dockerfileText!);
        const n = opts.dockerfileText!.trim().split('\n').length;
        const lines = ['FROM busybox', 'RUN a', 'RUN b', 'RUN c'].slice(0, n).flatMap((ins, i) => [`Step ${i + 1}/${n + 1} : ${ins}\n`, ` ---> ${String(i + 1).repeat(12)}\n`]);
        const snapshot = tracker([...lines, `Step ${n + 1}/${n + 1} : LABEL imgsh.debug=x\n`, ` ---> ${'f'.repeat(12)}\n`]);
        hooks.onUpdate?.(snapshot);
        return { snapshot: { ...snapshot, imageId: `sha256:${'f'.repeat(64)}` }, dockerfileText: opts.dockerfileText!, dockerfilePath: null };
      },
    } as unknown as Engine;
    const pane = localBuildPort();
    pane.dispatch({ type: 'debug/started', dockerfilePath: 'Dockerfile', text, df, breaks: [] });
    pane.dispatch({ type: 'debug/cursor', cursor: 2 });
    pane.dispatch({ type: 'debug/toggle-break' }); // a breakpoint on line 3, set in the pane
    const opts = { dir: '.', tags: [], buildArgs: {}, labels: {}, noCache: false, pull: false };
    const session = createDebugSession({ engine, opts, text, df, label: 'x' }, pane);
    await session.step('continue', new AbortController().signal);
    assert.deepEqual(built, ['FROM busybox\nRUN a\n']);
    const d = pane.get().debug!;
    assert.deepEqual([d.busy, d.next, d.cursor, d.lastImage, d.error], [false, 2, 2, 'ffffffffffff', null]);
    assert.deepEqual(d.images?.slice(0, 2), ['111111111111', '222222222222'], 'each instruction that ran: its image, for d');
    assert.equal(pane.get().snapshot?.steps.length, 3, 'the steps went to the pane as progress');
    await session.step('next', new AbortController().signal);
    assert.equal(pane.get().debug?.next, 3);
  });
});
