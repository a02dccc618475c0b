// The fake engine (test/support/fake-engine.ts) over the answers recorded from Docker 20.10,
// Docker 28.5 with the containerd image store, and Podman: the recording is whole, and the
// store's real sync code connects, loads and follows events through it with no daemon.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toRows } from '../../src/domain/images/image.js';
import { refPath } from '../../src/engine/engine.js';
import { toEngineVersion, type ApiEvent, type ApiImage, type ApiVersion } from '../../src/engine/api/convert.js';
import { toDiskUsage, type ApiDiskUsage } from '../../src/engine/api/disk-usage.js';
import { ImageNotFoundError } from '../../src/engine/transport/errors.js';
import type { Engine } from '../../src/engine/types.js';
import { createConnection, firstLoad } from '../../src/store/connection.js';
import { startEngineSync } from '../../src/store/effects.js';
import { initialState } from '../../src/store/state.js';
import { createStore, type Store } from '../../src/store/store.js';
import {
  createFakeEngine,
  loadRecording,
  RECORDED_ENGINES,
  resolveRef,
  serveFakeEngine,
  topLevel,
  type FakeEngine,
  type FakeEngineOptions,
  type RecordedEngineName,
} from '../support/fake-engine.js';

// No daemon: nothing here may fall back to the environment's engine.
delete process.env.DOCKER_HOST;
delete process.env.DOCKER_CONTEXT;

const until = async (what: string, ok: () => boolean, ms = 1000) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 1));
  assert.ok(ok(), what);
};
const ids = (list: { Id: string }[] | null) => new Set((list ?? []).map((i) => i.Id));
const tagsOf = (i: ApiImage) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');

/** The app's store on a fake engine, through the real connection and sync code. */
function connect(name: RecordedEngineName, opts: FakeEngineOptions = {}) {
  const fake = createFakeEngine(name, opts);
  const store = createStore(initialState(fake.endpoint.url, 'dark', { columns: 100, rows: 30 }));
  const conn = createConnection(fake.endpoint, store, {
    createEngine: () => fake,
    startSync: (engine, s) => startEngineSync(engine, s, { retryMs: 5, debounceMs: 1 }),
  });
  return { fake, store, conn };
}

const listCalls = (fake: FakeEngine) => fake.requests.filter((r) => r.startsWith('GET /images/json')).length;
const rowRefs = (store: Store) => store.getState().rows.map((r) => r.ref ?? `<none>@${r.shortId}`);

for (const name of RECORDED_ENGINES) {
  describe(`fake engine: ${name}`, () => {
    const rec = loadRecording(name);
    const { made } = rec.index;
    const body = <T>(path: string) => {
      const a = rec.answer(path);
      assert.ok(a, `recorded: GET ${path}`);
      return a.body as T;
    };

    it('the recording is whole: every listed image has its inspect and history', () => {
      for (const r of Object.values(rec.index.requests)) assert.ok(existsSync(join(rec.dir, r.file)), r.file);
      const all = body<ApiImage[]>('/images/json?all=1');
      const top = body<ApiImage[]>('/images/json');
      const dangling = body<ApiImage[]>('/images/json?filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D');
      assert.ok(all.length >= 4 && top.length >= 4, 'the fixture, app, layers and a dangling image');
      for (const image of [...all, ...top, ...dangling]) {
        for (const what of ['json', 'history']) {
          const a = rec.answer(`/images/${refPath(image.Id)}/${what}`);
          assert.equal(a?.status, 200, `${what} of ${image.Id}`);
        }
        const inspect = body<{ Id: string }>(`/images/${refPath(image.Id)}/json`);
        assert.equal(inspect.Id, image.Id);
        assert.ok(Array.isArray(body(`/images/${refPath(image.Id)}/history`)));
      }
      // what the recorder made is there, as the index says
      for (const id of [made.fixture.id, made.app.id, made.layers.id, ...made.dangling]) assert.ok(ids(top).has(id), id);
      assert.equal(made.app.tags.length, 2);
      assert.deepEqual(tagsOf(all.find((i) => i.Id === made.layers.id)!), made.layers.tags);
      assert.deepEqual([...ids(dangling)], made.dangling);
      // all=0 is all=1 without intermediate images, which is how the fake derives it after setImages
      assert.deepEqual(ids(topLevel(all)), ids(top));
      const containers = body<{ Id: string; ImageID: string }[]>('/containers/json?all=1');
      assert.deepEqual(
        containers.map((c) => c.ImageID),
        [made.layers.id],
      );
      for (const what of ['json', 'history']) assert.equal(rec.answer(`/images/${refPath(made.unknownRef)}/${what}`)?.status, 404);
      const actions = rec.events().map((e) => e.Action ?? e.status);
      assert.ok(actions.includes('tag') && actions.includes('untag'), actions.join());
      for (const e of rec.events()) assert.equal(e.Actor?.ID?.replace(/^sha256:/, ''), made.app.id.replace(/^sha256:/, ''));
      assert.equal(toEngineVersion(body<ApiVersion>('/version')).product, name === 'podman' ? 'Podman' : 'Docker');
    });

    it('resolves refs as the engine does: tags, short names, ids and id prefixes', async () => {
      const fake = createFakeEngine(name);
      const all = body<ApiImage[]>('/images/json?all=1');
      const layersTag = made.layers.tags[0];
      assert.equal(resolveRef('imgsh-fake/layers:2', all)?.Id, made.layers.id);
      assert.equal(resolveRef(made.layers.id, all)?.Id, made.layers.id);
      assert.equal(resolveRef(made.layers.id.slice(7, 19), all)?.Id, made.layers.id);
      assert.equal(resolveRef(made.fixture.ref, all)?.Id, made.fixture.id);
      assert.equal(resolveRef('imgsh-fixture/busybox', all)?.Id, made.fixture.id);
      const details = await fake.inspectImage(layersTag);
      assert.equal(details.id, made.layers.id);
      assert.deepEqual(details.cmd, ['cat', 'one.txt']);
      assert.equal(details.workdir, '/app');
      assert.deepEqual(details.exposedPorts, ['8080/tcp']);
      assert.ok(details.env.includes('GREETING=hello'));
      assert.equal(details.labels['imgsh.test'], 'fake-engine-record');
      const history = await fake.history(made.layers.id.slice(7, 19));
      assert.ok(history.some((h) => /echo two > two.txt/.test(h.createdBy) && !h.empty));
      assert.ok(history.some((h) => /EXPOSE/.test(h.createdBy) && h.empty));
      await assert.rejects(fake.inspectImage('no/such:image'), (e) => e instanceof ImageNotFoundError && e.ref === 'no/such:image');
      await assert.rejects(fake.history(made.unknownRef), ImageNotFoundError);
      fake.close();
    });

    it('capabilities come from the recorded /version and /info; operations are the test\'s to give', async () => {
      const tagged: string[] = [];
      const fake = createFakeEngine(name, {
        operations: {
          async tag(source, target) {
            tagged.push(`${source} -> ${target.path}:${target.tag}`);
            return { id: made.app.id, target: `${target.path}:${target.tag}` };
          },
        },
      });
      assert.deepEqual(await fake.capabilities(), {
        'docker-20': { apiVersion: '1.41', product: 'docker', containerdStore: false, buildkit: true, platforms: false },
        'docker-28-containerd': { apiVersion: '1.51', product: 'docker', containerdStore: true, buildkit: true, platforms: true },
        podman: { apiVersion: '1.41', product: 'podman', containerdStore: false, buildkit: false, platforms: false },
      }[name]);
      await fake.tag('imgsh-fake/app:1.0', { domain: 'docker.io', path: 'x/y', tag: 'z', digest: null });
      assert.deepEqual(tagged, ['imgsh-fake/app:1.0 -> x/y:z']);
      await assert.rejects(fake.pull({} as never, {} as never), /fake engine .* does not pull/);
      fake.close();
    });

    it('the store connects, loads rows, version and disk usage, and follows a replayed event — no daemon', async (t) => {
      const started = performance.now();
      const { fake, store, conn } = connect(name);
      await firstLoad(store, 1000);
      await until('disk usage loaded', () => store.getState().disk !== null);
      const loadedMs = performance.now() - started;
      const s = store.getState();
      assert.equal(s.connection.status, 'connected');
      assert.deepEqual(s.connection.version, toEngineVersion(body<ApiVersion>('/version')));
      assert.deepEqual(s.disk, toDiskUsage(body<ApiDiskUsage>('/system/df')));
      const top = body<ApiImage[]>('/images/json');
      assert.equal(s.rows.length, top.reduce((n, i) => n + Math.max(1, tagsOf(i).length), 0));
      for (const tag of [...made.app.tags, ...made.layers.tags, ...made.fixture.tags]) assert.ok(rowRefs(store).includes(tag), tag);
      assert.equal(s.rows.find((r) => r.ref === made.layers.tags[0])?.containers, 1);
      assert.deepEqual(
        s.rows.filter((r) => r.dangling).map((r) => r.id),
        made.dangling,
      );
      // the recorded tag/untag events came on the stream: one reload (debounced) followed
      await until('a reload after the replayed events', () => listCalls(fake) >= 2);
      const followedMs = performance.now() - started;
      t.diagnostic(`${name}: loaded in ${loadedMs.toFixed(1)} ms, event followed in ${followedMs.toFixed(1)} ms`);
      assert.ok(followedMs < 500, `took ${followedMs} ms`);
      conn.stop();
    });

    it('an event after a change on the engine reloads the rows; showAll lists intermediate images', async () => {
      const { fake, store, conn } = connect(name, { replayEvents: false });
      await firstLoad(store, 1000);
      const [kept, gone] = made.app.tags;
      assert.ok(rowRefs(store).includes(gone));
      const lists = listCalls(fake);
      // untag one of the app's two tags, and say so the way the engine does
      fake.setImages((images) => images.map((i) => (i.Id === made.app.id ? { ...i, RepoTags: [kept] } : i)));
      const untag = rec.events().find((e) => (e.Action ?? e.status) === 'untag') as ApiEvent;
      fake.emit(untag);
      await until('rows reloaded without the untagged ref', () => !rowRefs(store).includes(gone));
      assert.ok(rowRefs(store).includes(kept));
      assert.equal(listCalls(fake), lists + 1);
      // inspect follows the list
      assert.deepEqual((await fake.inspectImage(kept)).repoTags, [kept]);
      await assert.rejects(fake.inspectImage(gone), ImageNotFoundError);

      store.dispatch({ type: 'toggle/all' });
      conn.refresh();
      const all = fake.images();
      await until('all images listed', () => store.getState().rows.length === toRows(all.map((i) => ({ id: i.Id, parentId: '', repoTags: tagsOf(i), repoDigests: [], created: 0, size: 0, labels: {} })), new Map()).length);
      conn.stop();
    });

    it('details open through the store; an engine that goes away is shown lost, then found again', async () => {
      const { fake, store, conn } = connect(name, { replayEvents: false });
      await firstLoad(store, 1000);
      conn.openDetails(made.layers.tags[0]);
      await until('details loaded', () => store.getState().details?.data != null);
      assert.equal(store.getState().details?.data?.id, made.layers.id);
      assert.ok((store.getState().details?.history?.length ?? 0) >= 3);
      conn.openDetails('imgsh-fake/never:1');
      await until('details failed', () => store.getState().details?.error != null);
      assert.match(store.getState().details!.error!, /no such image: imgsh-fake\/never:1/);

      fake.setReachable(false);
      await until('lost', () => store.getState().connection.status === 'disconnected');
      assert.match(store.getState().connection.error ?? '', /cannot reach the Docker engine/);
      fake.setReachable(true);
      await until('back', () => store.getState().connection.status === 'connected');
      conn.stop();
    });

    it('answers as the real createEngine does over the same recording (served over HTTP in-process)', async (t) => {
      const memory = createFakeEngine(name, { replayEvents: false });
      const served = await serveFakeEngine(name, { replayEvents: false });
      t.after(() => {
        memory.close();
        served.close();
      });
      const refs = [...made.app.tags, made.layers.id, made.layers.id.slice(7, 19), ...made.dangling, made.fixture.ref];
      const calls: [string, (e: Engine) => Promise<unknown>][] = [
        ['version', (e) => e.version()],
        ['capabilities', (e) => e.capabilities()],
        ['listImages', (e) => e.listImages()],
        ['listImages all', (e) => e.listImages({ all: true })],
        ['listImages dangling', (e) => e.listImages({ filters: { dangling: ['true'] } })],
        ['containerCounts', async (e) => [...(await e.containerCounts())]],
        ['diskUsage', (e) => e.diskUsage()],
        ...refs.flatMap((ref): [string, (e: Engine) => Promise<unknown>][] => [
          [`inspect ${ref}`, (e) => e.inspectImage(ref)],
          [`history ${ref}`, (e) => e.history(ref)],
        ]),
        ['inspect unknown', (e) => e.inspectImage(made.unknownRef).catch((err: Error) => [err.name, err.message])],
      ];
      for (const [what, call] of calls) assert.deepEqual(await call(memory), await call(served), what);
      const noEvents = (r: string) => !r.startsWith('GET /events');
      assert.deepEqual(memory.requests.filter(noEvents), served.requests.filter(noEvents));
      // the dangling filter the fake applies agrees with the engine's own answer
      assert.deepEqual(
        (await memory.listImages({ filters: { dangling: ['true'] } })).map((i) => i.id),
        body<ApiImage[]>('/images/json?filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D').map((i) => i.Id),
      );

      // events: the same lines become the same EngineEvents
      const take = async (engine: FakeEngine) => {
        const stream = engine.events();
        const got: unknown[] = [];
        const reading = (async () => {
          for await (const e of stream) if (got.push(e) === rec.events().length) break;
        })();
        await until(`${engine === memory ? 'memory' : 'served'} events stream open`, () => engine.requests.some((r) => r.startsWith('GET /events')));
        engine.replay();
        await reading;
        return got;
      };
      const fromMemory = await take(memory);
      assert.deepEqual(fromMemory, await take(served));
      assert.deepEqual(
        fromMemory.map((e) => (e as { action: string }).action),
        rec.events().map((e) => e.Action),
      );
    });
  });
}
