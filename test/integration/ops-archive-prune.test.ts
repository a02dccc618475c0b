// prune: the preview equals what the engine removes (images, tags, layers, bytes); tagged and
// in-use images survive; no confirmation, no prune. The test engine may be shared: every prune
// here carries this run's label filter, never none.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reclaimed } from '../../src/domain/layers/layers.js';
import { parsePruneFilters, pruneRules } from '../../src/domain/images/prune-filter.js';
import { planPrune } from '../../src/domain/images/prune-plan.js';
import { engineNow, layersOf, pruneInput, runPrune } from '../../src/engine/images/prune.js';
import { TEST_LABEL, cleanup, docker, engineUnderTest, makeTestImage, testLabelValue } from '../support/engine.js';
import { exists, imgsh, imgshOnTty, oneLineError, runImages, testEngine } from './ops-archive-helpers.js';

const run = testLabelValue();
const mine = `label=${TEST_LABEL}=${run}`;
const name = (what: string) => `imgsh-test/prune-${what}:${run}`;
const DANGLING = name('rebuilt');
const KEPT = name('tagged');
const USED = name('used');
const MULTI = name('multi');
const MULTI2 = `imgsh-test/prune-multi2:${run}`;
let usedDangling = '';

/** Builds `tag` again with new content: the previous image is left dangling. */
const rebuild = (tag: string, n: number) => makeTestImage(tag, { steps: [`RUN echo ${n} ${tag} > /n`] });

before(async () => {
  await rebuild(DANGLING, 1);
  await rebuild(DANGLING, 2);
  await rebuild(DANGLING, 3); // two dangling images now, each with its build step as parent
  await makeTestImage(KEPT, { steps: ['RUN head -c 50000 /dev/urandom > /k'] });
  usedDangling = await rebuild(USED, 1);
  await docker(['create', '--label', `${TEST_LABEL}=${run}`, usedDangling, 'true']);
  await rebuild(USED, 2); // the first one is dangling but a (stopped) container uses it
  const multi = await makeTestImage(MULTI, { steps: ['RUN echo multi > /m'] });
  await docker(['tag', multi, MULTI2]);
  await docker(['create', '--label', `${TEST_LABEL}=${run}`, multi, 'true']);
});

after(async () => {
  await cleanup();
});

describe('prune', () => {
  it('without a terminal and without -f refuses, says what it would remove, and removes nothing', async () => {
    const before = await runImages();
    const r = await imgsh(['prune', '--filter', mine]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^imgsh: prune needs confirmation: nothing was removed; on a terminal it asks, or add -f to remove these:\n/);
    assert.match(r.stderr, /\ndelete\s+[0-9a-f]{12}\s/);
    assert.match(r.stderr, /would delete \d+ image\(s\) and remove \d+ reference\(s\), freeing \S+/);
    assert.doesNotMatch(r.stderr, /reclaimed|deleted,/, 'nothing happened: no past tense');
    assert.deepEqual(await runImages(), before);
  });

  it('on a terminal asks, and a "no" removes nothing', async (t) => {
    const before = await runImages();
    const r = imgshOnTty(['prune', '--filter', mine], 'n');
    if (!r) return t.skip('no `script` to make a terminal');
    assert.match(r.stdout, /Delete \d+ images and free .+\? \[y\/N\]/);
    // The preview comes before the question.
    assert.match(r.stdout, /ACTION\s+IMAGE ID\s+NAME[\s\S]*\ndelete\s+[0-9a-f]{12}[\s\S]*freeing \S+\s*\r?\n(\x1b\[[0-9;]*[A-Za-z])*Delete \d+ images/);
    assert.match(r.stdout, /prune cancelled: nothing was removed/);
    assert.match(r.stdout, /exit=0/);
    assert.deepEqual(await runImages(), before);
  });

  it('until= leaves images newer than it', async () => {
    const r = await imgsh(['prune', '-f', '--filter', mine, '--filter', 'until=1h']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Total reclaimed space: 0B', 'as docker says nothing was pruned');
  });

  it('the preview is what the engine removes: images, tags, layers and bytes', async () => {
    const engine = testEngine();
    try {
      const rules = pruneRules(parsePruneFilters([mine]), false, await engineNow(engine));
      const input = await pruneInput(engine, rules);
      const plan = planPrune(input, rules);
      const planned = plan.deleted.map((i) => i.id);
      // the containerd store deletes no build steps along with an image, but prunes them as
      // dangling images themselves (makeTestImage labels every step)
      if (engineUnderTest().containerdStore) assert.ok(planned.length > 2, 'two dangling images and their build steps, each on its own');
      else assert.equal(planned.length, 4, 'two dangling images and their build steps');
      assert.ok(!planned.includes(usedDangling), 'the image a container uses stays');
      const kept = input.images.map((i) => i.id).filter((id) => !planned.includes(id));
      const layers = await layersOf(engine, planned, kept);
      const expected = reclaimed(layers.deleted, layers.kept);

      const report = await runPrune(engine, rules, new AbortController().signal);
      const imageIds = new Set(input.images.map((i) => i.id));
      const deleted = report.entries.flatMap((e) => (e.Deleted && imageIds.has(e.Deleted) ? [e.Deleted] : []));
      const deletedLayers = report.entries.flatMap((e) => (e.Deleted && !imageIds.has(e.Deleted) ? [e.Deleted] : []));
      assert.deepEqual(deleted.sort(), planned.sort());
      // the containerd store also reports a dangling image's own digest as untagged
      const untagged = report.entries.flatMap((e) => (e.Untagged && !(engineUnderTest().containerdStore && /^sha256:/.test(e.Untagged)) ? [e.Untagged] : []));
      assert.deepEqual(untagged.sort(), [...plan.untagged].sort());
      // the containerd store reports its content blobs and snapshots, not layer chain ids (#14: left)
      if (!engineUnderTest().containerdStore) {
        assert.deepEqual(deletedLayers.sort(), expected.chainIds.sort());
        assert.equal(report.reclaimed, expected.bytes);
      }
    } finally {
      engine.close();
    }
    for (const ref of [DANGLING, KEPT, USED, MULTI, MULTI2]) assert.ok(await exists(ref), `${ref} must survive`);
    assert.ok(await exists(usedDangling), 'the dangling image in use must survive');
  });

  it('-a -f removes unused tagged images too, as the preview said; in-use ones stay', async () => {
    const engine = testEngine();
    const rules = pruneRules(parsePruneFilters([mine]), true, Date.now());
    const plan = planPrune(await pruneInput(engine, rules), rules);
    engine.close();
    const r = await imgsh(['prune', '-a', '-f', '--json', '--filter', mine]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { deleted: string[]; untagged: string[]; reclaimed: number };
    assert.deepEqual([...out.deleted].sort(), plan.deleted.map((i) => i.id).sort());
    assert.deepEqual([...out.untagged].sort(), [...plan.untagged].sort()); // the engine walks a map: any order
    // the containerd store counts only the content no other image shares (#14: sizes left)
    assert.ok(out.reclaimed > (engineUnderTest().containerdStore ? 0 : 50_000), `reclaimed ${out.reclaimed}`);
    for (const ref of [DANGLING, KEPT, USED]) assert.equal(await exists(ref), false, `${ref} is unused: pruned`);
    assert.ok(await exists(usedDangling), 'in use: stays');
    // In use under two tags: the engine untags all but the last in sort order, and keeps the image.
    assert.ok(out.untagged.includes(MULTI2) && !out.untagged.includes(MULTI), out.untagged.join(' '));
    assert.ok(await exists(MULTI));
  });

  it('then there is nothing left to prune', async () => {
    const r = await imgsh(['prune', '-a', '-f', '--filter', mine]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Total reclaimed space: 0B', 'as docker says nothing was pruned');
  });
});
