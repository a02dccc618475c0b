// Pure parts of the image operations on references: the rmi plan, pull/push progress, and
// registry errors in plain words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LayerProgress, eventError } from '../../src/domain/registry/layer-progress.js';
import { classifyRegistryError, registryErrorMessage } from '../../src/domain/registry/registry-errors.js';
import { explainRemoveError, planRemovals, type ImageState, type RemovalState } from '../../src/domain/images/removal.js';

const id = (c: string) => `sha256:${c.repeat(64)}`;
const image = (c: string, repoTags: string[], extra: Partial<ImageState> = {}): ImageState => ({
  id: id(c),
  parentId: '',
  repoTags,
  repoDigests: [],
  size: 1000,
  sharedSize: 0,
  ...extra,
});

const state: RemovalState = {
  images: [
    image('a', ['busybox:latest', 'busybox:1']),
    image('b', ['app:1'], { size: 5000, sharedSize: 1000 }),
    image('c', ['web:1']),
    image('d', ['base:1']),
    image('e', ['child:1'], { parentId: id('d') }),
    image('f', ['pulled:1'], { repoDigests: [`pulled@sha256:${'9'.repeat(64)}`] }),
  ],
  containers: [
    { id: 'c1', name: 'stopped-one', imageId: id('b'), running: false },
    { id: 'c2', name: 'runner', imageId: id('c'), running: true },
  ],
};

describe('rmi plan', () => {
  it('untags a tag the image has others of; "busybox" means busybox:latest', () => {
    const [s] = planRemovals(['busybox'], state, false);
    assert.equal(s.action, 'untag');
    assert.deepEqual(s.untags, ['busybox:latest']);
    assert.deepEqual(s.remaining, ['busybox:1']);
    assert.equal(s.problem, null);
  });

  it('two tags of one image: untag, then delete (the plan follows itself)', () => {
    const [a, b] = planRemovals(['busybox:1', 'busybox:latest'], state, false);
    assert.equal(a.action, 'untag');
    assert.equal(b.action, 'delete');
    assert.equal(b.bytes, 1000);
  });

  it('by id with several tags: refused without -f, deletes all tags with it', () => {
    const [s] = planRemovals(['aaaaaaaaaaaa'], state, false);
    assert.equal(s.problem?.kind, 'several-tags');
    assert.match(s.problem!.message, /use -f to delete all its tags, or name one tag to untag it/);
    const [f] = planRemovals([`sha256:${'a'.repeat(12)}`], state, true);
    assert.equal(f.problem, null);
    assert.equal(f.action, 'delete');
    assert.deepEqual(f.untags, ['busybox:latest', 'busybox:1']);
  });

  it('frees the size minus what other images share', () => {
    const [s] = planRemovals(['app:1'], state, true);
    assert.equal(s.bytes, 4000);
  });

  it('a stopped container: explained without -f, a warning with it', () => {
    const [s] = planRemovals(['app:1'], state, false);
    assert.equal(s.problem?.kind, 'stopped');
    assert.match(s.problem!.message, /used by stopped container stopped-one: -f removes it anyway, leaving container stopped-one pointing at a missing image/);
    const [f] = planRemovals(['app:1'], state, true);
    assert.equal(f.problem, null);
    assert.deepEqual(f.warnings, ['container stopped-one now points at a missing image']);
  });

  it('a stopped container on the containerd store: -f only untags, the image stays for it', () => {
    const containerd = { ...state, keepsUsedImages: true };
    const [s] = planRemovals(['app:1'], containerd, false);
    assert.match(s.problem!.message, /used by stopped container stopped-one: -f untags it; the image stays as long as container stopped-one does/);
    const [f] = planRemovals(['app:1'], containerd, true);
    assert.equal(f.action, 'untag');
    assert.equal(f.bytes, 0);
    assert.deepEqual(f.warnings, []);
  });

  it('a running container: cannot, even with -f', () => {
    for (const force of [false, true]) {
      const [s] = planRemovals(['web:1'], state, force);
      assert.equal(s.problem?.kind, 'running');
      assert.match(s.problem!.message, /cannot remove web:1: running container runner uses it — stop container runner first/);
    }
  });

  it('images built on it: the last tag only untags; by id it cannot go', () => {
    const [s] = planRemovals(['base:1'], state, false);
    assert.equal(s.action, 'untag');
    const [byId] = planRemovals(['dddddddd'], state, true);
    assert.equal(byId.problem?.kind, 'children');
  });

  it('digest references and unknown refs', () => {
    const [d] = planRemovals([`pulled@sha256:${'9'.repeat(64)}`], state, false);
    assert.equal(d.imageId, id('f'));
    const [n] = planRemovals(['nope:1'], state, false);
    assert.equal(n.problem?.kind, 'not-found');
    assert.equal(n.problem?.message, 'no such image: nope:1');
  });
});

describe('engine rmi errors in plain words', () => {
  it('explains each 409', () => {
    assert.match(
      explainRemoveError('x', 'conflict: unable to delete 4d5d (cannot be forced) - image is being used by running container 6cb372b5357f', 409)!,
      /stop container 6cb372b5357f first/,
    );
    assert.match(
      explainRemoveError('x', 'conflict: unable to delete 4d5d (must be forced) - image is being used by stopped container 893dbc4e5bfe', 409)!,
      /-f removes it anyway, leaving container 893dbc4e5bfe pointing at a missing image/,
    );
    assert.match(explainRemoveError('x', 'conflict: unable to delete 4d5d (must be forced) - image is referenced in multiple repositories', 409)!, /name one tag to untag it/);
    assert.equal(explainRemoveError('x', 'No such image: x', 404), 'no such image: x');
    assert.equal(explainRemoveError('x', 'something else', 500), null);
  });
});

describe('layer progress', () => {
  it('per-layer items and a total from known layer sizes', () => {
    const p = new LayerProgress('Pulling x:1');
    assert.equal(p.apply({ status: 'Pulling from x', id: '1' }), false);
    p.apply({ status: 'Already exists', id: 'aaa', progressDetail: {} });
    p.apply({ status: 'Pulling fs layer', id: 'bbb', progressDetail: {} });
    p.apply({ status: 'Downloading', id: 'bbb', progressDetail: { current: 50, total: 200 } });
    p.apply({ status: 'Downloading', id: 'ccc', progressDetail: { current: 10, total: 100 } });
    let r = p.report();
    assert.deepEqual(r.items.map((i) => i.status), ['Already exists', 'Downloading', 'Downloading']);
    assert.deepEqual([r.current, r.total], [60, 300]);
    p.apply({ status: 'Download complete', id: 'bbb', progressDetail: {} });
    p.apply({ status: 'Extracting', id: 'bbb', progressDetail: { current: 20, total: 200 } });
    r = p.report();
    assert.deepEqual([r.current, r.total], [210, 300]);
    assert.deepEqual(r.items[1], { id: 'bbb', status: 'Extracting', current: 20, total: 200 });
    p.apply({ status: 'Pull complete', id: 'bbb', progressDetail: {} });
    assert.equal(p.report().current, 210);
    assert.equal(eventError({ errorDetail: { message: 'boom' }, error: 'boom' }), 'boom');
    assert.equal(eventError({ status: 'Pushed', id: 'x' }), null);
  });

  it('push statuses', () => {
    const p = new LayerProgress('Pushing x:1');
    assert.equal(p.apply({ status: 'The push refers to repository [x]' }), false);
    p.apply({ status: 'Preparing', id: 'l1' });
    p.apply({ status: 'Pushing', id: 'l1', progressDetail: { current: 5, total: 10 } });
    p.apply({ status: 'Layer already exists', id: 'l2' });
    assert.deepEqual([p.report().current, p.report().total], [5, 10]);
    p.apply({ status: 'Pushed', id: 'l1' });
    assert.deepEqual([p.report().current, p.report().total], [10, 10]);
  });
});

describe('registry errors', () => {
  const base = { op: 'pull' as const, subject: '127.0.0.1:5055/a:1', domain: '127.0.0.1:5055', withCredentials: false };
  it('classifies what the engine says', () => {
    assert.equal(classifyRegistryError('manifest for x:1 not found: manifest unknown: manifest unknown', 404), 'not-found');
    assert.equal(classifyRegistryError('Head "http://127.0.0.1:5056/v2/x/manifests/1": no basic auth credentials'), 'unauthorized');
    assert.equal(classifyRegistryError('unauthorized: authentication required'), 'unauthorized');
    assert.equal(classifyRegistryError('Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused'), 'unreachable');
    assert.equal(classifyRegistryError('dial tcp: lookup registry-1.docker.io on 10.0.0.1:53: no such host'), 'unreachable');
  });

  it('says what to do, naming the registry', () => {
    assert.match(registryErrorMessage({ ...base, message: 'manifest unknown', status: 404 }), /was not found in 127\.0\.0\.1:5055: check the name and tag/);
    assert.match(registryErrorMessage({ ...base, message: 'no basic auth credentials' }), /127\.0\.0\.1:5055 requires a login .*: run imgsh login 127\.0\.0\.1:5055$/);
    assert.match(registryErrorMessage({ ...base, withCredentials: true, message: 'unauthorized' }), /refused the stored credentials .*imgsh login 127\.0\.0\.1:5055 again/);
    assert.match(registryErrorMessage({ ...base, message: 'connect: connection refused' }), /cannot reach 127\.0\.0\.1:5055 from the engine \(connection refused\)/);
    const hub = { ...base, subject: 'busybox:latest', domain: 'docker.io', message: 'lookup registry-1.docker.io: no such host' };
    assert.match(registryErrorMessage(hub), /^cannot reach Docker Hub from the engine \(no such host/);
    assert.match(registryErrorMessage({ ...base, op: 'login', message: 'login attempt to http://x/v2/ failed with status: 401 Unauthorized' }), /wrong username or password/);
  });
});

describe('progress streams', () => {
  it('an errorDetail line mid-stream fails the operation; the signal cancels it', async () => {
    const { Readable } = await import('node:stream');
    const { followStream, StreamError } = await import('../../src/engine/registry/progress-stream.js');
    const lines = [
      { status: 'Pulling fs layer', id: 'l1' },
      { status: 'Downloading', id: 'l1', progressDetail: { current: 1, total: 2 } },
      { errorDetail: { message: 'unexpected EOF' }, error: 'unexpected EOF' },
      { status: 'never seen', id: 'l1' },
    ].map((l) => `${JSON.stringify(l)}\n`);
    const seen: string[] = [];
    const signal = new AbortController().signal;
    await assert.rejects(followStream(Readable.from(lines), signal, (e) => seen.push(e.status!)), (e: Error) => e instanceof StreamError && e.message === 'unexpected EOF');
    assert.deepEqual(seen, ['Pulling fs layer', 'Downloading']);
    // a line split across chunks is read whole
    const whole = JSON.stringify({ status: 'Pushed', id: 'l2' });
    const done = await followStream(Readable.from([whole.slice(0, 7), `${whole.slice(7)}\n`]), signal, () => {});
    assert.deepEqual(done, [{ status: 'Pushed', id: 'l2' }]);
    const controller = new AbortController();
    const endless = new Readable({ read() {} });
    const following = followStream(endless, controller.signal, () => {});
    controller.abort(new Error('stop'));
    await assert.rejects(following, /stop/);
  });
});
