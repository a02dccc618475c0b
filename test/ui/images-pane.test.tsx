import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { selectCurrentRow } from '../../src/store/selectors.js';
import { KEYS, press, renderApp, row } from './fixtures.js';

afterEach(() => cleanup());

const current = (store: { getState(): Parameters<typeof selectCurrentRow>[0] }) => selectCurrentRow(store.getState())?.ref;

test('rows render under the column titles, one per tag', async () => {
  const { text } = await renderApp();
  const lines = text().split('\n');
  const header = lines.find((l) => l.includes('REPOSITORY'));
  assert.ok(header, 'column titles');
  for (const title of ['TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'CONTAINERS']) assert.ok(header.includes(title), title);
  const busybox = lines.find((l) => /busybox\s+latest/.test(l));
  assert.ok(busybox, 'busybox:latest row');
  assert.match(busybox, /0001abababab\s+About an hour ago\s+1MB\s+2$/);
  assert.match(text(), /6 of 6/);
  assert.match(text(), /sorted by created/);
});

test('j, k, G and g move the selection', async () => {
  const { stdin, store } = await renderApp();
  assert.equal(current(store), 'busybox:latest');
  await press(stdin, 'j', 'j');
  assert.equal(current(store), 'nginx:1.25');
  await press(stdin, 'k');
  assert.equal(current(store), 'alpine:3.19');
  await press(stdin, 'G');
  assert.equal(current(store), 'postgres:16');
  await press(stdin, 'g');
  assert.equal(current(store), 'busybox:latest');
  await press(stdin, KEYS.down);
  assert.equal(current(store), 'alpine:3.19');
});

test('the selected row is drawn in the selection colours', async () => {
  const { stdin, frame } = await renderApp();
  await press(stdin, 'j');
  const selected = frame()
    .split('\n')
    .find((l) => l.includes('alpine'));
  // dark theme: selectedBg cyan (46), selectedFg black (30)
  assert.ok(selected?.includes('\x1b[46m') && selected.includes('\x1b[30m'), JSON.stringify(selected));
});

test('o cycles the sort key', async () => {
  const { stdin, store, text } = await renderApp();
  await press(stdin, 'o');
  assert.equal(store.getState().sort, 'size');
  assert.match(text(), /sorted by size/);
  const rows = text()
    .split('\n')
    .filter((l) => /^[ *][ ›]\S/.test(l) && !l.includes('REPOSITORY'));
  assert.match(rows[0], /^ ›postgres/);
  await press(stdin, 'o');
  assert.equal(store.getState().sort, 'name');
  await press(stdin, 'o');
  assert.equal(store.getState().sort, 'created');
});

test('Space marks the row and moves on; marked rows show a marker', async () => {
  const { stdin, store, text } = await renderApp();
  await press(stdin, ' ');
  assert.equal(store.getState().marked.length, 1);
  assert.equal(current(store), 'alpine:3.19');
  assert.match(text(), /^\* busybox\s+latest/m);
  assert.match(text(), /1 marked · 6 of 6/);
});

test('Enter on a row asks for its details and the overlay shows them', async () => {
  const { stdin, store, calls, text, until } = await renderApp();
  await press(stdin, 'j', KEYS.enter);
  assert.deepEqual(calls.openDetails, ['alpine:3.19']);
  assert.match(text(), /Details: alpine:3\.19/);
  assert.match(text(), /Loading…/);
  store.dispatch({
    type: 'details/loaded',
    ref: 'alpine:3.19',
    data: {
      id: 'sha256:0002abababab',
      repoTags: ['alpine:3.19', 'alpine:latest'],
      repoDigests: ['alpine@sha256:feed'],
      created: '2024-01-27T00:00:00Z',
      size: 7_400_000,
      architecture: 'amd64',
      os: 'linux',
      entrypoint: null,
      cmd: ['/bin/sh'],
      env: ['PATH=/usr/local/sbin:/usr/bin'],
      workdir: '/srv',
      user: 'nobody',
      exposedPorts: ['8080/tcp'],
      volumes: ['/data'],
      labels: { maintainer: 'someone' },
      layers: ['sha256:l1'],
    },
    history: [
      { id: 'sha256:0002', created: 1706313600, createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', size: 0, comment: '', tags: [], empty: true },
      { id: '<missing>', created: 1706313600, createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', size: 7_400_000, comment: '', tags: [], empty: false },
    ],
  });
  await until(() => text().includes('sha256:0002abababab'));
  const shown = text();
  for (const re of [/ID\s+sha256:0002abababab/, /Tags\s+alpine:3\.19/, /alpine:latest/, /Digests\s+alpine@sha256:feed/, /Created\s+2024-01-27/, /Size\s+7\.40?MB/, /Platform\s+linux\/amd64/, /Cmd\s+\["\/bin\/sh"\]/, /Workdir\s+\/srv/, /User\s+nobody/, /Ports\s+8080\/tcp/, /Volumes\s+\/data/, /Env\s+PATH=/, /Labels\s+maintainer=someone/]) {
    assert.match(shown, re);
  }
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().overlay, null);
  // The Layers pane indexes the same image (test/ui/layers-pane.test.tsx shows the rest).
  await press(stdin, '2');
  assert.deepEqual(calls.runLine, ['layers alpine:3.19']);
});

test('a details error shows in the overlay', async () => {
  const { stdin, store, text, until } = await renderApp();
  await press(stdin, KEYS.enter);
  store.dispatch({ type: 'details/failed', ref: 'busybox:latest', error: 'no such image' });
  await until(() => text().includes('no such image'));
  assert.match(text(), /no such image/);
});

test('the Layers pane indexes the selected image; the Build pane says how to start a build', async () => {
  const { stdin, text } = await renderApp();
  await press(stdin, KEYS.tab);
  assert.match(text(), /busybox:latest: indexing did not finish/);
  await press(stdin, KEYS.tab);
  assert.match(text(), /No build yet: `:build -t NAME \.` \(or `b` in Images\) builds and shows its steps here\./);
  await press(stdin, KEYS.shiftTab, KEYS.shiftTab);
  assert.match(text(), /REPOSITORY/);
});

test('a toggles all images and refreshes; q quits', async () => {
  const { stdin, store, calls } = await renderApp();
  await press(stdin, 'a');
  assert.equal(store.getState().showAll, true);
  assert.equal(calls.refresh, 1);
  await press(stdin, 'r');
  assert.equal(calls.refresh, 2);
  await press(stdin, KEYS.ctrlC);
  assert.equal(calls.quit, 1);
});

test('long repository names are cut with an ellipsis', async () => {
  const { text } = await renderApp({ rows: [row(`registry.example.com:5000/${'team/'.repeat(8)}service:v1`)] });
  assert.match(text(), /[ ›]registry\.example\.com:5000…\s+v1\s/);
});

test('before the first list there is no count (over ssh the app draws while it logs in), then "N of N"', async () => {
  const { text, store, until } = await renderApp({ loaded: false, rows: [] });
  assert.match(text(), /Loading images/);
  assert.doesNotMatch(text(), /\d+ of \d+/);
  store.dispatch({ type: 'images/loaded', rows: [row('busybox:latest')] });
  await until(() => !text().includes('Loading images'));
  assert.match(text(), /\b1 of 1\b/);
});
