import './force-color.js';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { cleanup } from 'ink-testing-library';
import type { LayerEntry } from '../../src/domain/layers/layer-entry.js';
import { LAYER_INDEX_VERSION, type LayerIndex } from '../../src/domain/layers/layer-index.js';
import { INITIAL_LAYERS } from '../../src/store/layers.js';
import { KEYS, press, renderApp, type } from './fixtures.js';

afterEach(() => cleanup());

const file = (path: string, size: number): LayerEntry => ({ path, kind: 'file', size, mode: 0o644 });
const dir = (path: string): LayerEntry => ({ path, kind: 'dir', size: 0, mode: 0o755 });

const index: LayerIndex = {
  version: LAYER_INDEX_VERSION,
  imageId: 'sha256:feed',
  format: 'docker',
  layers: [
    {
      digest: 'sha256:aaaa1111aaaa1111',
      archivePath: 'a/layer.tar',
      entries: [
        dir('usr'),
        file('usr/lib/python3.11/site-packages/requests/api.py', 300),
        file('usr/lib/python3.11/site-packages/flask/app.py', 200),
        file('usr/share/doc/openssl/changelog.gz', 50),
        dir('etc'),
        file('etc/passwd', 100),
      ],
    },
  ],
  history: [{ createdBy: '/bin/sh -c #(nop) ADD file:abc in /', empty: false }],
};

const ready = { pane: 'layers' as const, layers: { ...INITIAL_LAYERS, ref: 'busybox:latest', status: 'ready' as const, index, step: 0 } };

test('/ filters the file tree by path as you type, keeping the directories above the matches', async () => {
  const { text, stdin, store, frame } = await renderApp(ready);
  assert.match(text(), /passwd/);
  await press(stdin, '/');
  assert.equal(store.getState().search.editing, true);
  assert.equal(store.getState().layers.focus, 'tree');
  await type(stdin, 'reqapi');
  assert.equal(store.getState().layers.filter, 'reqapi');
  assert.equal(store.getState().search.query, '', "the Images pane's search is left alone");
  const t = text();
  assert.match(t, /\/reqapi/, 'the search line shows the filter');
  assert.match(t, /filter \/reqapi: 1 match/);
  assert.match(t, /usr\/\s*$/m);
  assert.match(t, /site-packages\/\s*$/m);
  assert.match(t, /requests\/\s*$/m);
  assert.match(t, /api\.py/);
  assert.doesNotMatch(t, /app\.py|passwd|changelog|flask/);
  assert.match(frame(), /\x1b\[1m[^\n]*api/, 'the matched name is highlighted');
  await press(stdin, KEYS.enter);
  assert.equal(store.getState().search.editing, false);
  assert.equal(store.getState().layers.filter, 'reqapi', 'Enter keeps the filter');
  // Keys are the pane's again; j/k move in the filtered tree.
  await press(stdin, 'G');
  assert.match(text(), /›.*api\.py/);
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().layers.filter, '', 'Esc clears a kept filter');
  assert.match(text(), /passwd/);
});

test('Esc while typing clears the filter; a query matching nothing says so', async () => {
  const { text, stdin, store } = await renderApp(ready);
  await press(stdin, '/');
  await type(stdin, 'zzz');
  assert.match(text(), /Nothing matches \/zzz/);
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().search.editing, false);
  assert.equal(store.getState().layers.filter, '');
  assert.match(text(), /passwd/);
  assert.match(text(), /changelog\.gz/);
});
