import './force-color.js';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { cleanup } from 'ink-testing-library';
import type { LayerEntry } from '../../src/domain/layers/layer-entry.js';
import { LAYER_INDEX_VERSION, type LayerIndex } from '../../src/domain/layers/layer-index.js';
import { INITIAL_LAYERS } from '../../src/store/layers.js';
import { followedImage } from '../../src/store/selectors.js';
import { KEYS, press, renderApp, untilState } from './fixtures.js';

afterEach(() => cleanup());

const file = (path: string, size: number): LayerEntry => ({ path, kind: 'file', size, mode: 0o644 });
const dir = (path: string): LayerEntry => ({ path, kind: 'dir', size: 0, mode: 0o755 });

const index: LayerIndex = {
  version: LAYER_INDEX_VERSION,
  imageId: 'sha256:feed',
  format: 'docker',
  layers: [
    { digest: 'sha256:aaaa1111aaaa1111', archivePath: 'a/layer.tar', entries: [dir('bin'), file('bin/busybox', 5000), { path: 'bin/ls', kind: 'symlink', size: 0, mode: 0o777, target: 'busybox' }, dir('etc'), file('etc/passwd', 100), file('etc/motd', 40)] },
    { digest: 'sha256:bbbb2222bbbb2222', archivePath: 'b/layer.tar', entries: [dir('etc'), file('etc/passwd', 120), file('etc/.wh.motd', 0)] },
  ],
  history: [
    { createdBy: '/bin/sh -c #(nop) ADD file:abc in /', empty: false },
    { createdBy: '/bin/sh -c #(nop)  ENV A=1', empty: true },
    { createdBy: '/bin/sh -c adduser app', empty: false },
  ],
};

const ready = { pane: 'layers' as const, layers: { ...INITIAL_LAYERS, ref: 'busybox:latest', status: 'ready' as const, index, step: 2 } };

test('the Layers pane lists the steps with sizes, and the selected layer changes with marks', async () => {
  const { text } = await renderApp(ready);
  const t = text();
  assert.match(t, /busybox:latest · 2 layers · 5\.26kB · efficiency 97\.3% · wasted 140B \(\/etc\/passwd 100B, \/etc\/motd 40/);
  assert.match(t, /5.14kB █+ aaaa1111aaaa +ADD file:abc in \//);
  assert.match(t, /— +empty +ENV A=1/);
  assert.match(t, /› +120B █.* bbbb2222bbbb +RUN adduser app/);
  assert.match(t, /M -rw-r--r-- +120B +passwd/);
  assert.match(t, /D -rw-r--r-- +−40B +motd/);
  assert.doesNotMatch(t, /busybox\s*$/m);
});

test('toggles: whole filesystem, changes only, sort by size, collapse; e prefills cp', async () => {
  const { text, stdin, store } = await renderApp(ready);
  await press(stdin, 'a');
  assert.match(text(), /lrwxrwxrwx +0B +ls -> busybox/);
  assert.match(text(), /filesystem up to this layer/);
  await press(stdin, 'u');
  assert.doesNotMatch(text(), /ls -> busybox/);
  assert.match(text(), /passwd/);
  await press(stdin, 'u', 'o');
  const lines = text().split('\n');
  assert.ok(lines.findIndex((l) => / bin\/\s*$/.test(l)) < lines.findIndex((l) => / etc\/(\s|$)/.test(l)), 'bin (5kB) before etc by size');
  await press(stdin, 'l', KEYS.enter);
  assert.deepEqual(store.getState().layers.collapsed, ['bin']);
  assert.doesNotMatch(text(), /ls -> busybox/);
  await press(stdin, 'j', 'j');
  await press(stdin, 'e');
  assert.equal(store.getState().commandLine.text, 'cp --layer 2 busybox:latest:/etc/passwd ./');
});

test('e on an archive opened with layers --archive prefills cp --archive with the file', async () => {
  const { stdin, store, text, until } = await renderApp({ pane: 'layers' });
  // what `:layers --archive FILE` does when it is done: the file's index, pinned over the selection
  store.dispatch({ type: 'layers/loaded', ref: '/tmp/app.oci.tar', index, archive: { from: followedImage(store.getState()) } });
  await until(() => text().includes('/tmp/app.oci.tar · 2 layers'));
  assert.match(text(), /\/tmp\/app\.oci\.tar · 2 layers/);
  await press(stdin, 'l', 'j', 'j', 'e');
  assert.equal(store.getState().commandLine.text, 'cp --archive --layer 2 /tmp/app.oci.tar:/etc/passwd ./');
});

test('moving in the layer list changes the layer shown; an empty step shows the layer below it', async () => {
  const { text, stdin, store } = await renderApp(ready);
  await press(stdin, 'k');
  assert.equal(store.getState().layers.step, 1);
  assert.match(text(), /Layer 1: this layer's changes/);
  assert.match(text(), /This step made no layer/);
  await press(stdin, 'g', 'a');
  assert.match(text(), /A -rw-r--r-- +5kB +busybox/);
});

test('opening the pane indexes the selected image as a job, and shows it when done', async () => {
  let loaded: ((ref: string) => void) | null = null;
  const { text, store, calls, until } = await renderApp({ pane: 'layers' }, undefined, {
    layers: async (ctx, [ref]) => {
      await new Promise<void>((resolve) => (loaded = (r) => (store.dispatch({ type: 'layers/loaded', ref: r, index }), resolve())));
      return `Indexed ${ref}`;
    },
  });
  await until(() => text().includes('Indexing the layers of busybox:latest'));
  assert.deepEqual(calls.runLine, ['layers busybox:latest']);
  assert.match(text(), /Indexing the layers of busybox:latest… \(Esc cancels/);
  loaded!('busybox:latest');
  await until(() => text().includes('efficiency'));
  assert.match(text(), /efficiency 97\.3%/);
});

test('Esc cancels indexing; the pane says so and i indexes again', async () => {
  let runs = 0;
  const { text, stdin, store, until } = await renderApp({ pane: 'layers' }, undefined, {
    layers: async (ctx) => {
      runs++;
      ctx.progress({ title: 'Indexing the layers of busybox:latest', items: [], current: 10, total: 100 });
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('layer indexing cancelled'))));
    },
  });
  await until(() => text().includes('Indexing the layers of busybox:latest'));
  await press(stdin, KEYS.escape);
  await until(() => text().includes('layer indexing cancelled (i indexes again)'));
  assert.equal(store.getState().layers.status, 'failed');
  assert.match(text(), /busybox:latest: layer indexing cancelled \(i indexes again\)/);
  // back in the pane: had it indexed by itself, the job would have started in the render's effect
  await press(stdin, '1', '2');
  assert.equal(store.getState().pane, 'layers');
  assert.equal(runs, 1, 'a cancelled image is not indexed again by itself');
  await press(stdin, 'i');
  await until(() => runs === 2);
});

test('keys typed ahead in one read act on the state each key left (into the tree, move, extract)', async () => {
  const { stdin, store } = await renderApp(ready);
  stdin.write('ljje');
  await untilState(store, (s) => s.commandLine.editing);
  assert.equal(store.getState().layers.focus, 'tree');
  assert.equal(store.getState().commandLine.text, 'cp --layer 2 busybox:latest:/etc/passwd ./');
});

test("the header gives the image's size as the list has it, and the files' sum apart (one size per image)", async () => {
  const row = { key: 'sha256:feed busybox:latest', id: 'sha256:feed', shortId: 'feed', repository: 'busybox', tag: 'latest', ref: 'busybox:latest', created: 0, size: 9_000, containers: 0, labels: {}, dangling: false };
  const { text } = await renderApp({ ...ready, rows: [row] });
  assert.match(text(), /busybox:latest · 2 layers · 9kB \(files 5\.26kB\) · efficiency 97\.3%/);
});

test('w lists the wasted space, each copy traced to the step that wrote it and the one that undid it (issue #13)', async () => {
  const { text, stdin, store } = await renderApp(ready);
  await press(stdin, 'w');
  assert.equal(store.getState().overlay, 'output');
  const t = text();
  assert.match(t, /Wasted space in busybox:latest/);
  assert.match(t, /Wasted space: 140B in 2 files/);
  assert.match(t, /100B {2}1× {2}\/etc\/passwd/);
  assert.match(t, /100B written by layer 1 \(ADD file:abc in \/\), replaced by layer 2 \(RUN adduser app\)/);
  assert.match(t, /40B written by layer 1 \(ADD file:abc in \/\), removed by layer 2 \(RUN adduser app\)/);
});

test('w and A name the Dockerfile lines when the index came with them (a build record, or the imgsh.dockerfile label)', async () => {
  const { text, stdin, store } = await renderApp({ ...ready, layers: { ...ready.layers, lines: [null, 7] } });
  await press(stdin, 'w');
  assert.match(text(), /100B written by layer 1 \(ADD file:abc in \/\), replaced by layer 2 \(line 7: RUN adduse/);
  store.dispatch({ type: 'overlay/close' });
  await press(stdin, 'A');
  assert.match(text(), /layer 2 \(line 7: RUN adduser app\) replaces or removes files layer 1 \(ADD file:abc/);
  // the command that loads the index hands its lines to the pane
  store.dispatch({ type: 'layers/loaded', ref: 'busybox:latest', index, lines: [null, 9] });
  assert.deepEqual(store.getState().layers.lines, [null, 9]);
  store.dispatch({ type: 'layers/loaded', ref: 'other:1', index });
  assert.equal(store.getState().layers.lines, null);
});

test('A shows the advice: the bytes each change would save (issue #13)', async () => {
  const { text, stdin, store } = await renderApp(ready);
  await press(stdin, 'A');
  assert.equal(store.getState().overlay, 'output');
  const t = text();
  assert.match(t, /Advice for busybox:latest/);
  assert.match(t, /these changes would save 140B/);
  assert.match(t, /140B {2}layer 2 \(RUN adduser app\) replaces or removes files layer 1 \(ADD file:abc in \/\) wrote/);
});
