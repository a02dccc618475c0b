import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { KEYS, press, renderApp, untilState } from './fixtures.js';

afterEach(() => cleanup());

const LONG_REF = '127.0.0.1:5055/some-team/some-long-repository-name/service:1.2.3-rc1';
const bracketed = (text: string) => `\x1b[200~${text}\x1b[201~`;

test('a 68-character burst into the : line is text on the line (no update loop)', async () => {
  const { stdin, store, calls } = await renderApp();
  await press(stdin, ':');
  stdin.write(LONG_REF);
  await untilState(store, (s) => s.commandLine.text !== '');
  assert.equal(store.getState().commandLine.text, LONG_REF);
  assert.deepEqual(calls.runLine, []);
});

test('a bracketed paste is one state change, whatever its length, and its newline and q are text', async () => {
  const { stdin, store, calls, text, settle } = await renderApp();
  await press(stdin, ':');
  let changes = 0;
  const unsubscribe = store.subscribe(() => changes++);
  stdin.write(bracketed(`tag x y\nq${'z'.repeat(10_000)}`));
  await untilState(store, (s) => s.commandLine.text !== '');
  await settle();
  unsubscribe();
  assert.equal(changes, 1);
  assert.equal(store.getState().commandLine.text, `tag x y q${'z'.repeat(10_000)}`);
  assert.equal(store.getState().quitting, false);
  assert.deepEqual(calls.runLine, []);
  // drawn scrolled to the cursor: one line, cut on the left
  assert.match(text(), /^:…z+ *$/m);
});

test('a paste split over several reads is still one paste', async () => {
  const { stdin, store, settle } = await renderApp();
  await press(stdin, 'p');
  stdin.write('\x1b[200~127.0.0.1:5055/');
  await settle();
  stdin.write('team/app:1\rq');
  await settle();
  assert.equal(store.getState().commandLine.text, 'pull ', 'nothing lands before the end marker');
  stdin.write('\x1b[201~');
  await untilState(store, (s) => s.commandLine.text !== 'pull ');
  assert.equal(store.getState().commandLine.text, 'pull 127.0.0.1:5055/team/app:1 q');
  assert.equal(store.getState().quitting, false);
});

test('outside a prompt a paste is dropped with a word, never keys', async () => {
  const { stdin, store, text, until } = await renderApp();
  stdin.write(bracketed('Dyq'));
  await until(() => text().includes('pasted text ignored'));
  assert.equal(store.getState().confirm, null);
  assert.equal(store.getState().quitting, false);
  // a long burst without markers too
  store.dispatch({ type: 'message/set', message: null });
  stdin.write('rmi everything q');
  await until(() => text().includes('pasted text ignored'));
  assert.equal(store.getState().quitting, false);
});

test('keys typed ahead open a prompt; the rest of the read are keys too (Enter runs the line)', async () => {
  const { stdin, store, calls } = await renderApp();
  stdin.write(':help images');
  await untilState(store, (s) => s.commandLine.text === 'help images');
  assert.equal(store.getState().commandLine.editing, true);
  assert.equal(store.getState().commandLine.text, 'help images');
  await press(stdin, KEYS.escape);
  stdin.write(':help\r');
  await untilState(store, () => calls.runLine.length > 0);
  assert.equal(store.getState().commandLine.editing, false);
  assert.deepEqual(calls.runLine, ['help']);
  // a held-down j (one key repeated) still moves
  stdin.write('jjjjjjjjjjjj');
  await untilState(store, (s) => s.cursorKey !== null);
});

test('control characters in a paste are dropped; CJK and emoji stay', async () => {
  const { stdin, store } = await renderApp();
  await press(stdin, '/');
  stdin.write(bracketed('a\x07b\x1bc日本👩‍💻'));
  await untilState(store, (s) => s.search.query !== '');
  assert.equal(store.getState().search.query, 'abc日本👩‍💻');
});

test('a 1 MB paste and invalid UTF-8 neither crash nor freeze the prompt', async () => {
  const { stdin, store, text } = await renderApp();
  await press(stdin, ':');
  const big = 'x'.repeat(1024 * 1024);
  stdin.write(bracketed(`${big}\uFFFD`));
  await untilState(store, (s) => s.commandLine.text !== '', { timeoutMs: 10_000 });
  assert.equal(store.getState().commandLine.text.length, big.length + 1);
  assert.match(text(), /^:…x+\uFFFD *$/m);
  await press(stdin, '\x15'); // Ctrl-U
  assert.equal(store.getState().commandLine.text, '');
});
