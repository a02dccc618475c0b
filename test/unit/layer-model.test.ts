import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeLayers, mergedUpTo } from '../../src/domain/layers/layer-changes.js';
import { entryPath, formatMode, whiteoutOf, type LayerEntry } from '../../src/domain/layers/layer-entry.js';
import { buildTree, flattenTree } from '../../src/domain/layers/layer-tree.js';

const file = (path: string, size: number, mode = 0o644): LayerEntry => ({ path, kind: 'file', size, mode });
const dir = (path: string): LayerEntry => ({ path, kind: 'dir', size: 0, mode: 0o755 });
const marks = (changes: { path: string; mark: string }[]) => Object.fromEntries(changes.map((c) => [c.path, c.mark]));

describe('layer entries', () => {
  it('normalises paths and reads whiteouts', () => {
    assert.equal(entryPath('./etc/passwd'), 'etc/passwd');
    assert.equal(entryPath('/d/'), 'd');
    assert.deepEqual(whiteoutOf('etc/.wh.motd'), { kind: 'remove', path: 'etc/motd' });
    assert.deepEqual(whiteoutOf('.wh.top'), { kind: 'remove', path: 'top' });
    assert.deepEqual(whiteoutOf('d/.wh..wh..opq'), { kind: 'opaque', path: 'd' });
    assert.deepEqual(whiteoutOf('.wh..wh.plnk'), { kind: 'meta' });
    assert.equal(whiteoutOf('etc/passwd'), null);
    assert.equal(formatMode('dir', 0o755), 'drwxr-xr-x');
    assert.equal(formatMode('file', 0o640), '-rw-r-----');
  });
});

describe('layer changes and waste', () => {
  it('marks a file added, modified, then removed, and counts the replaced bytes', () => {
    const layers = [[dir('a'), file('a/f', 100), file('keep', 10)], [file('a/f', 300)], [file('a/.wh.f', 0)]];
    const r = analyzeLayers(layers);
    assert.deepEqual(marks(r.changes[0]), { a: 'A', 'a/f': 'A', keep: 'A' });
    assert.deepEqual(marks(r.changes[1]), { 'a/f': 'M' });
    assert.deepEqual(marks(r.changes[2]), { 'a/f': 'D' });
    assert.equal(r.changes[2][0].size, 300);
    assert.deepEqual(r.layerBytes, [110, 300, 0]);
    assert.equal(r.totalBytes, 410);
    assert.equal(r.wastedBytes, 400);
    assert.deepEqual(r.wasted, [{ path: 'a/f', bytes: 400, count: 2, copies: [{ bytes: 100, written: 0, gone: 1, how: 'replaced' }, { bytes: 300, written: 1, gone: 2, how: 'removed' }] }]);
    assert.equal(r.efficiency, 1 - 400 / 410);
    assert.equal(r.userWastedPercent, 400 / 300);
    assert.deepEqual([...mergedUpTo(layers, 1).keys()].sort(), ['a', 'a/f', 'keep']);
    assert.deepEqual([...mergedUpTo(layers, 2).keys()].sort(), ['a', 'keep']);
  });

  it('an opaque directory removes what lower layers had and shows refilled files as modified', () => {
    const layers = [
      [dir('d'), file('d/x', 5), file('d/y', 7), dir('d/sub'), file('d/sub/z', 9)],
      [dir('d'), file('d/.wh..wh..opq', 0), file('d/x', 4)],
    ];
    const r = analyzeLayers(layers);
    assert.deepEqual(marks(r.changes[1]), { d: 'M', 'd/x': 'M', 'd/y': 'D', 'd/sub': 'D', 'd/sub/z': 'D' });
    assert.equal(r.wastedBytes, 5 + 7 + 9);
    assert.deepEqual(r.wasted.map((w) => w.path), ['d/sub/z', 'd/y', 'd/x']);
    assert.deepEqual([...mergedUpTo(layers, 1).keys()].sort(), ['d', 'd/x']);
  });

  it('a whiteout of a directory removes its whole subtree', () => {
    const r = analyzeLayers([[dir('t'), file('t/a', 1), file('t/b/c', 2)], [file('.wh.t', 0)]]);
    assert.deepEqual(marks(r.changes[1]), { t: 'D', 't/a': 'D', 't/b/c': 'D' });
    assert.equal(r.wastedBytes, 3);
  });

  it('files added after the first removal are removed by a later whiteout too (the children index is built then kept)', () => {
    const r = analyzeLayers([
      [dir('a'), file('a/x', 1), file('a/y', 2), file('b/z', 3)],
      [file('a/.wh.x', 0), file('a/n/deep', 4)],
      [file('a/.wh..wh..opq', 0)],
      [file('.wh.b', 0)],
    ]);
    assert.deepEqual(marks(r.changes[1]), { 'a/x': 'D', 'a/n/deep': 'A' });
    assert.deepEqual(marks(r.changes[2]), { 'a/y': 'D', 'a/n/deep': 'D' });
    assert.deepEqual(marks(r.changes[3]), { 'b/z': 'D' });
    assert.equal(r.wastedBytes, 10);
  });

  it('mergedUpTo replays the layers as the analysis sees them after each one', () => {
    const layers = [
      [dir('d'), file('d/x', 5), dir('d/sub'), file('d/sub/z', 9), file('top', 1)],
      [file('d/.wh.x', 0), file('d/x2', 3), file('.wh.top', 0)],
      [dir('d'), file('d/.wh..wh..opq', 0), file('d/new', 2), file('top', 4)],
      [file('.wh.d', 0), file('d', 6)],
    ];
    const seen: [string, number, number][][] = [];
    analyzeLayers(layers, (_, tree) => seen.push([...tree.files].map(([p, o]) => [p, o.layer, o.entry.size])));
    layers.forEach((_, i) => assert.deepEqual([...mergedUpTo(layers, i)].map(([p, o]) => [p, o.layer, o.entry.size]).sort(), seen[i].sort(), `after layer ${i}`));
  });

  it('keeps symlink and hard link targets; an image without bytes is fully efficient', () => {
    const r = analyzeLayers([[{ path: 'l', kind: 'symlink', size: 0, mode: 0o777, target: '/x' }, { path: 'h', kind: 'hardlink', size: 0, mode: 0o644, target: 'x' }]]);
    assert.equal(r.changes[0][0].target, '/x');
    assert.equal(r.changes[0][1].kind, 'hardlink');
    assert.equal(r.efficiency, 1);
    assert.equal(r.userWastedPercent, 0);
  });
});

describe('layer tree', () => {
  const items = [
    { ...dir('etc'), mark: 'A' as const },
    { ...file('etc/big', 900) },
    { ...file('etc/small', 5), mark: 'M' as const },
    { ...file('zz', 50) },
    { ...file('bin/sh', 100) },
  ];

  it('sums directory sizes and sorts by name or size', () => {
    const root = buildTree(items);
    assert.equal(root.total, 1055);
    const byName = flattenTree(root, { sort: 'name', collapsed: new Set(), hideUnmodified: false }).map((r) => `${r.depth}${r.node.name}`);
    assert.deepEqual(byName, ['0bin', '1sh', '0etc', '1big', '1small', '0zz']);
    const bySize = flattenTree(root, { sort: 'size', collapsed: new Set(), hideUnmodified: false }).map((r) => r.node.name);
    assert.deepEqual(bySize, ['etc', 'big', 'small', 'bin', 'sh', 'zz']);
  });

  it('hides unmodified entries and collapses directories', () => {
    const root = buildTree(items);
    const changed = flattenTree(root, { sort: 'name', collapsed: new Set(), hideUnmodified: true }).map((r) => r.node.path);
    assert.deepEqual(changed, ['etc', 'etc/small']);
    const collapsed = flattenTree(root, { sort: 'name', collapsed: new Set(['etc']), hideUnmodified: false }).map((r) => r.node.path);
    assert.deepEqual(collapsed, ['bin', 'bin/sh', 'etc', 'zz']);
  });
});

describe('directory sizes in a layer (issue 20)', () => {
  it('count what the layer adds, not the files it removes; removed bytes are kept apart and do not rank by size', () => {
    const tree = buildTree([
      { path: 'app', kind: 'dir', size: 0, mode: 0o755, mark: 'M' },
      { path: 'app/big', kind: 'file', size: 2_100_000, mode: 0o644, mark: 'D' },
      { path: 'app/x', kind: 'file', size: 3, mode: 0o644, mark: 'A' },
      { path: 'bin/busybox', kind: 'file', size: 1_980_000, mode: 0o755, mark: 'A' },
    ]);
    const app = tree.children.find((c) => c.name === 'app')!;
    assert.equal(app.total, 3);
    assert.equal(app.removed, 2_100_000);
    assert.equal(tree.total, 1_980_003);
    const rows = flattenTree(tree, { sort: 'size', collapsed: new Set(), hideUnmodified: false });
    assert.deepEqual(rows.filter((r) => r.depth === 0).map((r) => r.node.name), ['bin', 'app']);
  });
});
