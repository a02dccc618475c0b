// The debugger and `d` in the Build pane: the step's image opens in the Layers pane at its last
// step (what that step changed), and stays there until another image is selected in Images;
// n/c run as jobs (`:step`); stage boundaries are labelled.
import './force-color.js';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { BuildTracker } from '../../src/domain/builds/build-steps.js';
import { LAYER_INDEX_VERSION, type LayerIndex } from '../../src/domain/layers/layer-index.js';
import { parseDockerfile } from '../../src/domain/builds/dockerfile.js';
import { EMPTY_BUILD, type DebugView } from '../../src/store/build.js';
import { followedImage } from '../../src/ui/layers/use-layer-index.js';
import { fakeServices, mount, press, stripAnsi, until, untilState, type FakeCommand } from './fixtures.js';

afterEach(() => cleanup());

// the image of `RUN echo hi > /hello` then `ENV A=1` (no layer): `d` starts on its last step
const index: LayerIndex = {
  version: LAYER_INDEX_VERSION,
  imageId: 'sha256:2222',
  format: 'docker',
  layers: [
    { digest: 'sha256:aaaa1111aaaa1111', archivePath: 'a/layer.tar', entries: [{ path: 'bin', kind: 'dir', size: 0, mode: 0o755 }, { path: 'bin/busybox', kind: 'file', size: 5000, mode: 0o755 }] },
    { digest: 'sha256:bbbb2222bbbb2222', archivePath: 'b/layer.tar', entries: [{ path: 'hello', kind: 'file', size: 3, mode: 0o644 }] },
  ],
  history: [
    { createdBy: '/bin/sh -c #(nop) ADD file:abc in /', empty: false },
    { createdBy: '/bin/sh -c echo hi > /hello', empty: false },
  ],
};

async function setup(view: { debug?: DebugView }) {
  const indexed: string[] = [];
  const jobs: Record<string, FakeCommand> = {
    layers: async (_ctx, [ref]) => {
      indexed.push(ref);
      fake.store.dispatch({ type: 'layers/loaded', ref, index });
    },
  };
  const t = new BuildTracker(() => 0);
  for (const stream of ['Step 1/2 : FROM busybox\n', ' ---> 111111111111\n', 'Step 2/2 : RUN echo hi > /hello\n', ' ---> Running in aaaaaaaaaaaa\n', ' ---> 222222222222\n']) t.apply({ stream });
  const build = { ...EMPTY_BUILD, line: 'build .', snapshot: t.snapshot(), selected: 1, dockerfilePath: '/tmp/ctx/Dockerfile', ...view };
  const fake = fakeServices({ build }, undefined, jobs);
  const ui = await mount(<App services={fake.services} />);
  const text = () => stripAnsi(ui.lastFrame() ?? '');
  return { ...fake, indexed, stdin: ui.stdin, text, until: (cond: () => unknown) => until(cond, { frame: text }) };
}

test("d on a build step opens its image in the Layers pane at its last step, until another image is selected", async () => {
  const { stdin, store, text, indexed, until } = await setup({});
  const followed = followedImage(store.getState());
  await press(stdin, '3', 'd');
  await until(() => /A -rw-r--r-- +3B +hello/.test(text()));
  assert.equal(store.getState().pane, 'layers');
  assert.deepEqual(store.getState().layers.pinned, { ref: '222222222222', from: followed });
  assert.deepEqual(indexed, ['222222222222']);
  assert.equal(store.getState().layers.step, 1, 'the last step: the one the build step made');
  assert.match(text(), /222222222222 · 2 layers/);
  assert.match(text(), /A -rw-r--r-- +3B +hello/);
  // back in Images, the selection unchanged: the step's image stays; another image ends it
  await press(stdin, '1', '2');
  assert.match(text(), /222222222222 · 2 layers/);
  assert.equal(indexed.length, 1, 'the same image: not indexed again');
  await press(stdin, '1', 'j', '2');
  await until(() => indexed.length === 2 && store.getState().layers.status === 'ready');
  assert.equal(store.getState().layers.pinned, null);
  assert.equal(indexed.length, 2);
  assert.notEqual(indexed[1], '222222222222');
});

test('d in the debugger: the image of the line under the cursor, or why there is none', async () => {
  const text = 'FROM busybox\nRUN echo hi > /hello\nRUN echo later\n';
  const debug: DebugView = {
    text,
    df: parseDockerfile(text),
    next: 2,
    breaks: [],
    cursor: 2,
    lastImage: '222222222222',
    images: ['111111111111', '222222222222'],
    busy: false,
    error: null,
  };
  const { stdin, store } = await setup({ debug });
  await press(stdin, '3', 'd');
  assert.match(store.getState().message?.text ?? '', /line 3 has not run yet/);
  assert.equal(store.getState().pane, 'build');
  store.dispatch({ type: 'debug/cursor', cursor: 1 });
  await press(stdin, 'd');
  await untilState(store, (s) => s.layers.status === 'ready');
  assert.equal(store.getState().pane, 'layers');
  assert.equal(store.getState().layers.pinned?.ref, '222222222222');
});

test('the debugger: n and c run as jobs (:step), stages are labelled', async () => {
  const text = 'FROM busybox AS build\nRUN make\nFROM busybox\nCOPY --from=build /out /out\n';
  const debug: DebugView = { text, df: parseDockerfile(text), next: 0, breaks: [], cursor: 0, lastImage: null, images: [], busy: false, error: null };
  const { stdin, calls, text: shown } = await setup({ debug });
  await press(stdin, '3');
  assert.match(shown(), /^── stage 0 \(build\) ─+$/m);
  assert.match(shown(), /^── stage 1 ─+$/m);
  await press(stdin, 'n', 'c');
  assert.deepEqual(calls.runLine, ['step next', 'step continue']);
});
