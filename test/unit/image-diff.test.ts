// The diff of two images' final filesystems (issue #13), on layers written by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffImages } from '../../src/domain/layers/image-diff.js';
import { diffText } from '../../src/domain/layers/image-diff-text.js';
import type { LayerEntry } from '../../src/domain/layers/layer-entry.js';

const file = (path: string, size: number, mode = 0o644): LayerEntry => ({ path, kind: 'file', size, mode });
const dir = (path: string, mode = 0o755): LayerEntry => ({ path, kind: 'dir', size: 0, mode });
const base = [dir('etc'), file('etc/a', 10), file('etc/b', 20), dir('usr'), file('usr/x', 100), file('top', 1)];

test('added, removed, changed (size, mode, link, rewritten by a layer only B has); shared layers are the same files', () => {
  const a = { digests: ['L0', 'L1'], entries: [base, [file('usr/y', 50)]] };
  const b = {
    digests: ['L0', 'L2'],
    entries: [base, [file('etc/a', 10), file('etc/b', 20, 0o600), { path: 'etc/.wh.gone', kind: 'file', size: 0, mode: 0 } as LayerEntry, file('usr/x', 300), dir('srv'), { path: 'srv/l', kind: 'symlink', size: 0, mode: 0o777, target: '/top' } as LayerEntry, dir('usr', 0o700)]],
  };
  const d = diffImages(a, b);
  const changes = Object.fromEntries(d.groups.flatMap((g) => g.entries.map((e) => [e.path, e.change])));
  assert.deepEqual(changes, { 'usr/y': 'removed', 'usr/x': 'changed', usr: 'changed', 'etc/a': 'changed', 'etc/b': 'changed', srv: 'added', 'srv/l': 'added' });
  assert.equal(d.bytesBefore, 10 + 20 + 100 + 1 + 50);
  assert.equal(d.bytesAfter, 10 + 20 + 300 + 1);
  assert.equal(d.growth, 150);
  assert.deepEqual(d.groups.map((g) => [g.folder, g.growth]), [['usr', 150], ['etc', 0], ['srv', 0]]);
  assert.deepEqual(d.groups[0].entries.map((e) => e.path), ['usr/x', 'usr/y', 'usr'], 'largest first');
  const text = diffText('a', 'b', d, 20);
  assert.match(text, /^a → b: 2 added, 1 removed, 4 changed; 181B → 331B \(\+150B\)$/m);
  assert.match(text, /^ {2}~ etc\/a +10B, rewritten$/m);
  assert.match(text, /^ {2}~ etc\/b +20B, mode 644 → 600$/m);
  assert.match(text, /^ {2}\+ srv\/l +→ \/top$/m);
});

test("with contents digests, a file a layer only B has rewrote is changed only when its contents are new", () => {
  const digested = (path: string, digest: string): LayerEntry => ({ ...file(path, 10), digest });
  const a = { digests: ['L0', 'L1'], entries: [[dir('etc'), digested('etc/same', 'D1'), digested('etc/new', 'D2')], []] };
  const b = { digests: ['L0', 'L2'], entries: [[dir('etc'), digested('etc/same', 'D1'), digested('etc/new', 'D2')], [digested('etc/same', 'D1'), digested('etc/new', 'D3')]] };
  const d = diffImages(a, b);
  assert.deepEqual(d.groups.flatMap((g) => g.entries.map((e) => `${e.change} ${e.path}`)), ['changed etc/new']);
  assert.match(diffText('a', 'b', d, 20), /^ {2}~ etc\/new +10B, new contents$/m);
});

test('the same image: no difference; an opaque folder in B removes what A had under it', () => {
  const a = { digests: ['L0'], entries: [base] };
  assert.match(diffText('a', 'a', diffImages(a, a), 20), /0 added, 0 removed, 0 changed; .*\(\+0B\)\nno difference in files$/);
  const b = { digests: ['L0', 'L3'], entries: [base, [{ path: 'etc/.wh..wh..opq', kind: 'file', size: 0, mode: 0 } as LayerEntry]] };
  const d = diffImages(a, b);
  assert.deepEqual(d.groups.flatMap((g) => g.entries.map((e) => `${e.change} ${e.path}`)).sort(), ['removed etc/a', 'removed etc/b']);
  assert.equal(d.growth, -30);
});

test("a symlink B's layer points elsewhere (same path) is changed, with both targets; one re-made with the same target is not", () => {
  const link = (path: string, target: string): LayerEntry => ({ path, kind: 'symlink', size: 0, mode: 0o777, target });
  const a = { digests: ['L0'], entries: [[...base, link('etc/cur', '/etc/a'), link('etc/same', '/etc/b')]] };
  const b = { digests: ['L0', 'L4'], entries: [a.entries[0], [link('etc/cur', '/etc/b'), link('etc/same', '/etc/b')]] };
  const d = diffImages(a, b);
  assert.deepEqual(d.groups.flatMap((g) => g.entries), [
    { path: 'etc/cur', change: 'changed', before: { kind: 'symlink', size: 0, mode: 0o777, target: '/etc/a' }, after: { kind: 'symlink', size: 0, mode: 0o777, target: '/etc/b' } },
  ]);
  assert.deepEqual([d.added, d.removed, d.changed, d.growth], [0, 0, 1, 0]);
  assert.match(diffText('a', 'b', d, 20), /^ {2}~ etc\/cur +link \/etc\/a → \/etc\/b$/m);
});
