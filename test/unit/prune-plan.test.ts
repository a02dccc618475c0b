import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PruneRules } from '../../src/domain/images/prune-filter.js';
import { planPrune, type PlanImage } from '../../src/domain/images/prune-plan.js';

const T0 = 1_700_000_000;
function img(id: string, extra: Partial<PlanImage> = {}): PlanImage {
  return { id, parentId: '', refs: [], created: { seconds: T0, nanos: 0 }, labels: {}, size: 10, ...extra };
}
const rules = (extra: Partial<PruneRules> = {}): PruneRules => ({ all: false, labels: [], notLabels: [], ...extra });

function plan(images: PlanImage[], r: PruneRules, inUse: string[] = []) {
  const p = planPrune({ images, inUse: new Set(inUse) }, r);
  return { deleted: p.deleted.map((i) => i.id).sort(), untagged: [...p.untagged].sort(), parentOf: Object.fromEntries(p.parentOf) };
}

describe('prune plan: default (dangling only)', () => {
  it('deletes untagged heads and their untagged parents, keeps tagged images', () => {
    const images = [
      img('base', { refs: ['base:1'] }),
      img('step', { parentId: 'base' }), // a build step, parent of the dangling image
      img('old', { parentId: 'step' }),
      img('new', { parentId: 'base', refs: ['app:1'] }),
    ];
    assert.deepEqual(plan(images, rules()), { deleted: ['old', 'step'], untagged: [], parentOf: { step: 'old' } });
  });

  it('on the containerd store: every untagged image on its own, a build step under a kept image too (as the engine prunes there)', () => {
    const images = [
      img('base', { refs: ['base:1'] }),
      img('step', { parentId: 'base' }),
      img('old', { parentId: 'step' }),
      img('kept-step', { parentId: 'base' }),
      img('kept', { parentId: 'kept-step', refs: ['app:1'] }),
    ];
    const p = planPrune({ images, inUse: new Set(), keepsParents: true }, rules());
    assert.deepEqual(p.deleted.map((i) => i.id).sort(), ['kept-step', 'old', 'step']);
    assert.deepEqual([...p.parentOf], [], 'nothing goes along with a child');
  });

  it('keeps a parent that another image still builds on', () => {
    const images = [img('step'), img('old', { parentId: 'step' }), img('kid', { parentId: 'step', refs: ['kid:1'] })];
    assert.deepEqual(plan(images, rules()).deleted, ['old']);
  });

  it('never touches intermediate images that still have children, nor tagged heads', () => {
    const images = [img('mid'), img('top', { parentId: 'mid', refs: ['top:1'] })];
    assert.deepEqual(plan(images, rules()).deleted, []);
  });

  it('deletes images that only have digest references', () => {
    const images = [img('d', { refs: ['repo@sha256:aaa'] }), img('t', { refs: ['repo:1', 'repo@sha256:bbb'] })];
    assert.deepEqual(plan(images, rules()), { deleted: ['d'], untagged: ['repo@sha256:aaa'], parentOf: {} });
  });

  it('keeps dangling images a container uses, running or stopped, and their parents', () => {
    const images = [img('step'), img('old', { parentId: 'step' })];
    assert.deepEqual(plan(images, rules(), ['old']).deleted, []);
    assert.deepEqual(plan(images, rules(), ['step']).deleted, ['old']);
  });
});

describe('prune plan: -a (all unused)', () => {
  it('deletes every image no container uses, tagged or not', () => {
    const images = [img('a', { refs: ['a:1', 'a:2'] }), img('b', { refs: ['b:1'] }), img('c')];
    assert.deepEqual(plan(images, rules({ all: true })), { deleted: ['a', 'b', 'c'], untagged: ['a:1', 'a:2', 'b:1'], parentOf: {} });
  });

  it('keeps an image in use, but untags all its tags except the last (the engine does)', () => {
    const images = [img('x', { refs: ['x:2', 'y:1', 'x:1'] })];
    assert.deepEqual(plan(images, rules({ all: true }), ['x']), { deleted: [], untagged: ['x:1', 'x:2'], parentOf: {} });
    assert.deepEqual(plan([img('z', { refs: ['z:1'] })], rules({ all: true }), ['z']).untagged, []);
  });

  it('deletes a tagged base with its children, in either order', () => {
    for (const images of [
      [img('p', { refs: ['p:1'] }), img('c', { parentId: 'p', refs: ['c:1'] })],
      [img('c', { parentId: 'p', refs: ['c:1'] }), img('p', { refs: ['p:1'] })],
    ]) {
      assert.deepEqual(plan(images, rules({ all: true })).deleted, ['c', 'p']);
    }
  });

  it('untags a base whose child is in use, and keeps it', () => {
    const images = [img('p', { refs: ['p:1'] }), img('c', { parentId: 'p', refs: ['c:1'] })];
    assert.deepEqual(plan(images, rules({ all: true }), ['c']), { deleted: [], untagged: ['p:1'], parentOf: {} });
  });

  it('removes the digests of a repository whose last tag goes', () => {
    const images = [img('x', { refs: ['r:1', 'r@sha256:aaa', 's:1'] })];
    assert.deepEqual(plan(images, rules({ all: true }), ['x']).untagged, ['r:1', 'r@sha256:aaa']);
  });
});

describe('prune plan: filters', () => {
  it('until keeps images created after it, to the nanosecond', () => {
    const images = [
      img('older', { created: { seconds: T0 - 1, nanos: 0 } }),
      img('same', { created: { seconds: T0, nanos: 0 } }),
      img('later', { created: { seconds: T0, nanos: 1 } }),
    ];
    assert.deepEqual(plan(images, rules({ until: { seconds: T0, nanos: 0 } })).deleted, ['older', 'same']);
  });

  it('label filters choose the candidates; parents go with them whatever their labels', () => {
    const images = [
      img('step'),
      img('mine', { parentId: 'step', labels: { team: 'a' } }),
      img('theirs', { labels: { team: 'b' } }),
      img('none', { labels: {} }),
      img('noconfig', { labels: null }),
    ];
    assert.deepEqual(plan(images, rules({ labels: ['team=a'] })).deleted, ['mine', 'noconfig', 'step']);
    assert.deepEqual(plan(images, rules({ labels: ['team'] })).deleted, ['mine', 'noconfig', 'step', 'theirs']);
    assert.deepEqual(plan(images, rules({ notLabels: ['team=a'] })).deleted, ['noconfig', 'none', 'theirs']);
  });
});
