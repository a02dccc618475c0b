import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toRows, type ImageSummary } from '../../src/domain/image.js';
import { reducer } from '../../src/store/reducer.js';
import { selectCurrentRow, selectTargets, selectVisible } from '../../src/store/selectors.js';
import { initialState, type AppState } from '../../src/store/state.js';
import type { Action } from '../../src/store/actions.js';

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
