// The image keys of the Images pane: which line each opens prefilled or runs, on which rows.
import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { selectCurrentRow } from '../../src/store/selectors.js';
import { KEYS, press, renderApp, row, type, untilState } from './fixtures.js';

afterEach(() => cleanup());

/** The sample rows, newest first: busybox:latest, alpine:3.19, nginx:1.25, my/busybox-tools:1.0, … */
test('p opens the command line with "pull "; Enter runs what was typed', async () => {
  const { stdin, store, calls, text } = await renderApp();
  await press(stdin, 'p');
  assert.deepEqual(store.getState().commandLine, { ...store.getState().commandLine, editing: true, text: 'pull ' });
  assert.match(text(), /^:pull /m);
  await type(stdin, '127.0.0.1:5055/foo:1');
  await press(stdin, KEYS.enter);
  assert.deepEqual(calls.runLine, ['pull 127.0.0.1:5055/foo:1']);
});

test('l opens "load -i "; u opens "push REF" for the selected row', async () => {
  const { stdin, store } = await renderApp();
  await press(stdin, 'l');
  assert.equal(store.getState().commandLine.text, 'load -i ');
  await press(stdin, KEYS.escape, 'j', 'u');
  assert.equal(store.getState().commandLine.text, 'push alpine:3.19');
});

test('u on an untagged row says why it cannot push', async () => {
  const dangling = row('<none>:<none>', { repository: '<none>', tag: '<none>', ref: null, dangling: true });
  const { stdin, store, text } = await renderApp({ rows: [dangling] });
  await press(stdin, 'u');
  assert.equal(store.getState().commandLine.editing, false);
  assert.match(text(), new RegExp(`${dangling.shortId} has no name to push`));
});

test('t opens "tag REF REPOSITORY:" with the cursor at the end; the typed tag completes it', async () => {
  const { stdin, store, calls, text } = await renderApp();
  await press(stdin, 'j', 'j', 'j');
  assert.equal(selectCurrentRow(store.getState())?.ref, 'my/busybox-tools:1.0');
  await press(stdin, 't');
  assert.equal(store.getState().commandLine.text, 'tag my/busybox-tools:1.0 my/busybox-tools:');
  assert.match(text(), /^:tag my\/busybox-tools:1\.0 my\/busybox-tools: /m);
  await type(stdin, 'v2');
  await press(stdin, KEYS.enter);
  assert.deepEqual(calls.runLine, ['tag my/busybox-tools:1.0 my/busybox-tools:v2']);
});

test('s opens "save -o ./NAME.tar REF", the name from the repository with / and : as _', async () => {
  const { stdin, store } = await renderApp({
    rows: [row('127.0.0.1:5055/team/app:1'), row('my/busybox-tools:1.0')],
  });
  await press(stdin, 's');
  assert.equal(store.getState().commandLine.text, 'save -o ./127.0.0.1_5055_team_app.tar 127.0.0.1:5055/team/app:1');
  await press(stdin, KEYS.escape, 'j', 's');
  assert.equal(store.getState().commandLine.text, 'save -o ./my_busybox-tools.tar my/busybox-tools:1.0');
  // Marked rows are saved together.
  await press(stdin, KEYS.escape, 'g', ' ', ' ', 's');
  assert.equal(store.getState().commandLine.text, 'save -o ./images.tar 127.0.0.1:5055/team/app:1 my/busybox-tools:1.0');
});

test('d runs "rmi REF" at once; D forces', async () => {
  const { stdin, store, calls } = await renderApp();
  await press(stdin, 'd');
  assert.deepEqual(calls.runLine, ['rmi busybox:latest']);
  assert.equal(store.getState().commandLine.editing, false);
  await press(stdin, 'j', 'D');
  assert.deepEqual(calls.runLine, ['rmi busybox:latest', 'rmi -f alpine:3.19']);
});

test('d with Space-marked rows removes all of them (untagged ones by short id), then clears the marks', async () => {
  const tagged = [row('alpine:3.19'), row('nginx:1.25')];
  const dangling = row('<none>:<none>', { repository: '<none>', tag: '<none>', ref: null, dangling: true, key: 'sha256:dangling' });
  const { stdin, store, calls, text } = await renderApp({ rows: [...tagged, dangling] });
  // Newest first: alpine, nginx, <none>; mark alpine and the untagged one.
  await press(stdin, ' ', 'j', ' ');
  assert.equal(store.getState().marked.length, 2);
  assert.match(text(), /2 marked/);
  await press(stdin, 'd');
  assert.deepEqual(calls.runLine, [`rmi alpine:3.19 ${dangling.shortId}`]);
  await untilState(store, (s) => s.marked.length === 0);
});

test('b opens "build -t  ." with the cursor before " ."; the typed name lands there; ← → move the cursor', async () => {
  const { stdin, store, calls, text } = await renderApp();
  await press(stdin, 'b');
  assert.equal(store.getState().commandLine.editing, true);
  assert.equal(store.getState().commandLine.text, 'build -t  .');
  assert.match(text(), /^:build -t  \./m);
  await type(stdin, 'app:dev');
  assert.equal(store.getState().commandLine.text, 'build -t app:dev .');
  await press(stdin, KEYS.backspace, '\x1b[C', '\x1b[C', '\x1b[C', '/ctx');
  // four characters read at once are typed keys, one render each
  await untilState(store, (s) => s.commandLine.text === 'build -t app:de ./ctx');
  await press(stdin, '\x1b[D', '\x1b[D', 'X');
  assert.equal(store.getState().commandLine.text, 'build -t app:de ./cXtx');
  assert.match(text(), /^:build -t app:de \.\/cXtx/m);
  await press(stdin, KEYS.enter);
  assert.deepEqual(calls.runLine, ['build -t app:de ./cXtx']);
});

test('P runs "prune"', async () => {
  const { stdin, calls } = await renderApp();
  await press(stdin, 'P');
  assert.deepEqual(calls.runLine, ['prune']);
});

test('the image keys belong to the Images pane, and help lists them', async () => {
  const { stdin, store, calls, text } = await renderApp({ size: { columns: 100, rows: 130 } });
  await press(stdin, '2', 'd', 'p');
  // The Layers pane indexes the selected image by itself; the image keys did nothing there.
  assert.deepEqual(calls.runLine, ['layers busybox:latest']);
  assert.equal(store.getState().commandLine.editing, false);
  await press(stdin, '1', '?');
  const help = text();
  for (const re of [/p\s+Pull an image/, /u\s+Push the selected image/, /t\s+Tag the selected image/, /d\s+Remove the selected or marked/, /D\s+Force-remove/, /s\s+Save the selected/, /l\s+Load images/, /P\s+Remove dangling images/, /Keys — While a job runs/, /Esc, Ctrl-C\s+Cancel the running job/, /Keys — In a confirmation/, /y, Enter\s+Yes/, /n, Esc\s+No/]) {
    assert.match(help, re);
  }
});

test('= runs diff of the marked image and the selected one; without one mark it says what to do (issue #13)', async () => {
  const { stdin, store, calls, text } = await renderApp();
  await press(stdin, '=');
  assert.match(text(), /mark an image \(space\), then = on another compares their files/);
  // space marks busybox:latest and moves to alpine:3.19
  await press(stdin, ' ');
  await press(stdin, 'k', '=');
  assert.match(text(), /select another image than the marked one/);
  await press(stdin, 'j', 'j', '=');
  assert.deepEqual(calls.runLine, ['diff busybox:latest nginx:1.25']);
  assert.deepEqual(store.getState().marked.length, 1, 'the mark stays: = on another compares again');
});
