// The engine module against the real test engine. Everything made here carries
// imgsh.test=<run id> and is removed by cleanup(); extra tags on the fixture are removed here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanCreatedBy } from '../../src/domain/images/details.js';
import { createEngine } from '../../src/engine/engine.js';
import { EngineApiError, ImageNotFoundError } from '../../src/engine/transport/errors.js';
import { resolveEndpoint } from '../../src/engine/transport/resolve-endpoint.js';
import type { EngineEvent } from '../../src/engine/types.js';
import { TEST_LABEL, cleanup, docker, fixtureRef, makeTestImage, testDockerHost, testLabelValue } from '../support/engine.js';

const run = testLabelValue();
const label = `${TEST_LABEL}=${run}`;
const engine = createEngine(resolveEndpoint({}, { DOCKER_HOST: testDockerHost() }));
const extraTags: string[] = [];

after(async () => {
  engine.close();
  for (const tag of extraTags) await docker(['rmi', tag]).catch(() => {});
  await cleanup();
});

/** Resolves with the first value, or rejects after `ms`. */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result in ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

describe('engine', () => {
  let fixtureId = '';
  let builtId = '';
  const built = `imgsh-test/engine:${run}`;

  before(async () => {
    fixtureId = (await docker(['image', 'inspect', '-f', '{{.Id}}', fixtureRef()])).trim();
    builtId = await makeTestImage(built, { steps: ['ENV A=1', 'RUN echo hi > /f'] });
  });

  it('reports the engine version', async () => {
    const v = await engine.version();
    assert.match(v.apiVersion, /^1\.\d+$/);
    assert.ok(v.version);
    assert.equal(v.os, 'linux');
  });

  it('lists the fixture, with tags, labels and a plain array of digests', async () => {
    const images = await engine.listImages();
    const fixture = images.find((i) => i.id === fixtureId);
    assert.ok(fixture, 'fixture listed');
    assert.ok(fixture.repoTags.includes(fixtureRef()));
    assert.equal(fixture.labels['imgsh.fixture'], 'busybox');
    assert.ok(Array.isArray(fixture.repoDigests));
    assert.ok(fixture.size > 0 && fixture.created > 0);
  });

  it('filters by label and reference', async () => {
    // images built FROM the fixture inherit its label; only ours carry the run label
    const byFixtureLabel = (await engine.listImages({ filters: { label: ['imgsh.fixture=busybox'] } })).map((i) => i.id);
    assert.ok(byFixtureLabel.includes(fixtureId) && byFixtureLabel.includes(builtId));
    const byRunLabel = (await engine.listImages({ filters: { label: [label] } })).map((i) => i.id);
    assert.ok(byRunLabel.includes(builtId) && !byRunLabel.includes(fixtureId));
    const byRef = await engine.listImages({ filters: { reference: [built] } });
    assert.deepEqual(byRef.map((i) => i.id), [builtId]);
    const none = await engine.listImages({ filters: { reference: [`imgsh-test/nothing-here:${run}`] } });
    assert.deepEqual(none, []);
  });

  it('finds dangling images, and shows them without tags', async () => {
    const tag = `imgsh-test/dangle:${run}`;
    const first = await makeTestImage(tag, { steps: ['RUN echo 1 > /n'] });
    await makeTestImage(tag, { steps: ['RUN echo 2 > /n'] }); // takes the tag: `first` dangles
    const dangling = await engine.listImages({ filters: { dangling: ['true'], label: [label] } });
    assert.deepEqual(dangling.map((i) => i.id), [first]);
    assert.deepEqual(dangling[0].repoTags, []);
  });

  it('lists intermediate images only with all=true', async () => {
    const built0 = (await engine.listImages({ filters: { reference: [built] } }))[0];
    assert.ok(built0.parentId, 'a legacy build leaves its steps as parent images');
    const top = await engine.listImages();
    const all = await engine.listImages({ all: true });
    assert.ok(!top.some((i) => i.id === built0.parentId));
    assert.ok(all.some((i) => i.id === built0.parentId));
  });

  it('counts containers per image', async () => {
    // our own image, so that other tests sharing the engine cannot change the count
    assert.equal((await engine.containerCounts()).get(builtId), undefined);
    await docker(['create', '--label', label, built]);
    await docker(['create', '--label', label, built]);
    assert.equal((await engine.containerCounts()).get(builtId), 2);
  });

  it('inspects the fixture', async () => {
    const d = await engine.inspectImage(fixtureRef());
    assert.equal(d.id, fixtureId);
    assert.deepEqual(d.cmd, ['/bin/sh']);
    assert.equal(d.entrypoint, null);
    assert.equal(d.labels['imgsh.fixture'], 'busybox');
    assert.ok(d.repoTags.includes(fixtureRef()));
    assert.equal(d.layers.length, 1);
    assert.equal(d.os, 'linux');
    assert.ok(Array.isArray(d.env) && Array.isArray(d.exposedPorts) && Array.isArray(d.volumes));
  });

  it('inspects by short id and by a ref with a registry port', async () => {
    assert.equal((await engine.inspectImage(fixtureId.slice(7, 19))).id, fixtureId);
    const ported = `127.0.0.1:5055/imgsh-test/ported:${run}`;
    await docker(['tag', fixtureRef(), ported]);
    extraTags.push(ported);
    assert.equal((await engine.inspectImage(ported)).id, fixtureId);
    assert.equal((await engine.history(ported)).length, 1);
  });

  it('says which image is missing', async () => {
    const ref = `imgsh-test/missing:${run}`;
    for (const call of [() => engine.inspectImage(ref), () => engine.history(ref)]) {
      await assert.rejects(call(), (e) => {
        assert.ok(e instanceof ImageNotFoundError && e instanceof EngineApiError);
        assert.equal(e.status, 404);
        assert.equal(e.message, `no such image: ${ref}`);
        return true;
      });
    }
  });

  it('gives the fixture one history entry', async () => {
    const h = await engine.history(fixtureRef());
    assert.equal(h.length, 1);
    assert.equal(h[0].id, fixtureId);
    assert.equal(h[0].empty, false);
    assert.ok(h[0].size > 0);
  });

  it('gives history newest first, with metadata steps empty', async () => {
    const h = await engine.history(built);
    const steps = h.map((e) => [cleanCreatedBy(e.createdBy), e.empty]);
    // makeTestImage's --label adds a final LABEL step, and it labels every step after FROM
    assert.match(String(steps[0][0]), /^LABEL /);
    assert.deepEqual(steps.slice(1), [
      ['RUN echo hi > /f', false],
      ['ENV A=1', true],
      [`LABEL ${TEST_LABEL}=${testLabelValue()}`, true],
      ['', false],
    ]);
    assert.equal(h[0].id, builtId);
    assert.ok(h[0].tags.includes(built));
    assert.ok(h[0].created >= h[h.length - 1].created);
  });

  it('reports sane disk usage', async () => {
    const du = await engine.diskUsage();
    const fixture = await engine.inspectImage(fixtureRef());
    assert.ok(du.imageCount >= 2, `${du.imageCount} images`); // the fixture and ours at least
    assert.ok(du.totalSize >= fixture.size);
    assert.ok(du.reclaimable >= 0 && du.reclaimable <= du.totalSize);
  });

  it('streams image events until closed', async () => {
    const events = engine.events();
    const tag = `imgsh-test/evt:${run}`;
    const seen: EngineEvent[] = [];
    const consume = (async () => {
      for await (const e of events) {
        seen.push(e);
        if (e.type === 'image' && e.action === 'tag' && e.name === tag) events.close();
      }
    })();
    extraTags.push(tag);
    await docker(['tag', fixtureRef(), tag]);
    await within(10_000, consume, 'tag event');
    const hit = seen.find((e) => e.action === 'tag' && e.name === tag)!;
    assert.equal(hit.id, fixtureId);
    assert.ok(hit.time > 1_600_000_000);
  });

  it('ends the event iterator when closed from outside', async () => {
    const events = engine.events();
    setTimeout(() => events.close(), 100);
    const consume = (async () => {
      for await (const _ of events);
    })();
    await within(5_000, consume, 'closed iterator');
  });

  it('ends open event streams when the engine is closed', async () => {
    const own = createEngine(resolveEndpoint({}, { DOCKER_HOST: testDockerHost() }));
    const events = own.events();
    setTimeout(() => own.close(), 100);
    await within(5_000, (async () => {
      for await (const _ of events);
    })(), 'iterator after engine.close()');
  });
});
