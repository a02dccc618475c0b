import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import { KEYS, press, renderApp, type, untilState } from './fixtures.js';

afterEach(() => cleanup());

const listed = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^[ *][ ›]\S/.test(l) && !l.includes('REPOSITORY'))
    .map((l) => l.slice(2).trim().split(/\s+/).slice(0, 2).join(':'));

test('/ filters as you type, best matches first, with highlights', async () => {
  const { stdin, store, text, frame } = await renderApp();
  await press(stdin, '/');
  await type(stdin, 'bsybx');
  assert.equal(store.getState().search.query, 'bsybx');
  const rows = listed(text());
  assert.ok(rows.length >= 3, rows.join(','));
  assert.ok(
    rows.every((r) => r.includes('busybox')),
    rows.join(','),
  );
  assert.ok(!rows.some((r) => /alpine|nginx|postgres/.test(r)));
  assert.match(text(), /^\/bsybx/m);
  // Matched letters in the theme's match colour (dark: yellow, 33).
  const line = frame()
    .split('\n')
    .find((l) => l.includes('tools'));
  assert.ok(line?.includes('\x1b[33m'), JSON.stringify(line));

  await press(stdin, KEYS.backspace);
  assert.equal(store.getState().search.query, 'bsyb');
  await press(stdin, KEYS.enter);
  assert.equal(store.getState().search.editing, false);
  assert.equal(store.getState().search.query, 'bsyb');
  assert.match(text(), /matching “bsyb”/);
  // Keys act on the filtered list again; Esc clears the filter.
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().search.query, '');
  assert.equal(listed(text()).length, 6);
});

test('Esc while typing a search clears it', async () => {
  const { stdin, store, text } = await renderApp();
  await press(stdin, '/');
  await type(stdin, 'ngx');
  assert.deepEqual(listed(text()), ['nginx:1.25']);
  await press(stdin, KEYS.escape);
  assert.deepEqual(store.getState().search, { editing: false, query: '' });
  assert.equal(listed(text()).length, 6);
});

test('? shows every key binding and every command; ? or Esc closes', async () => {
  const { stdin, store, text } = await renderApp({ size: { columns: 100, rows: 130 } });
  await press(stdin, '?');
  assert.equal(store.getState().overlay, 'help');
  const shown = text();
  for (const re of [/Keys — Everywhere/, /Keys — In the Images list/, /\?\s+Show or hide this help/, /q, Ctrl-C\s+Quit/, /↑, k\s+Move up/, /PgDn\s+Page down/, /Space\s+Mark the row/, /Shift-Tab\s+Previous pane/]) {
    assert.match(shown, re);
  }
  assert.match(shown, /images\s+List images \(also ls\)/);
  assert.match(shown, /inspect IMAGE\s+Show the full inspect JSON/);
  // The list keys do not reach the Images pane while help is open.
  await press(stdin, 'j');
  assert.equal(store.getState().cursorKey, null);
  await press(stdin, '?');
  assert.equal(store.getState().overlay, null);
  await press(stdin, '?', KEYS.escape);
  assert.equal(store.getState().overlay, null);
});

test(': opens the command line; Tab completes through services.complete', async () => {
  const { stdin, store, calls, text } = await renderApp({}, (line) =>
    line === 'i' ? { candidates: ['images', 'inspect'], line: 'i' } : { candidates: ['inspect'], line: 'inspect ' },
  );
  await press(stdin, ':');
  assert.equal(store.getState().commandLine.editing, true);
  await type(stdin, 'i');
  await press(stdin, KEYS.tab);
  assert.deepEqual(calls.complete, ['i']);
  assert.match(text(), /^:i\s+images {2}inspect/m);
  await type(stdin, 'n');
  await press(stdin, KEYS.tab);
  assert.deepEqual(calls.complete, ['i', 'in']);
  assert.equal(store.getState().commandLine.text, 'inspect ');
  await type(stdin, 'busybox');
  await press(stdin, KEYS.enter);
  assert.deepEqual(calls.runLine, ['inspect busybox']);
  assert.equal(store.getState().commandLine.editing, false);
  assert.deepEqual(store.getState().prompt.histories.command, ['inspect busybox']);
  // ↑ recalls the history; Esc closes.
  await press(stdin, ':', KEYS.up);
  assert.equal(store.getState().commandLine.text, 'inspect busybox');
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().commandLine.editing, false);
});

test('messages show on the prompt line; output shows in a scrollable overlay', async () => {
  const { stdin, store, text, until } = await renderApp({ size: { columns: 100, rows: 20 } });
  store.dispatch({ type: 'message/set', message: { kind: 'error', text: 'no such image: nope' } });
  await until(() => text().includes('no such image: nope'));
  const body = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
  store.dispatch({ type: 'output/show', title: 'history busybox', text: body });
  await until(() => text().includes('history busybox'));
  assert.match(text(), /line 1\b/);
  assert.doesNotMatch(text(), /line 30\b/);
  await press(stdin, KEYS.pageDown);
  assert.doesNotMatch(text(), /line 1\b/);
  await press(stdin, 'G');
  assert.match(text(), /line 50\b/);
  assert.match(text(), /of 50/);
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().overlay, null);
});

test('a key-opened prompt walks its own history: p then ↑ gives the references pulled, not other lines', async () => {
  const { stdin, store } = await renderApp();
  for (const line of ['pull alpine:3', 'images', 'pull busybox:1.36', 'tag a b']) {
    await press(stdin, ':');
    await type(stdin, line);
    await press(stdin, KEYS.enter);
  }
  assert.deepEqual(store.getState().prompt.histories.command, ['pull alpine:3', 'images', 'pull busybox:1.36', 'tag a b']);
  await press(stdin, 'p', KEYS.up);
  assert.equal(store.getState().commandLine.text, 'pull busybox:1.36');
  await press(stdin, KEYS.up);
  assert.equal(store.getState().commandLine.text, 'pull alpine:3');
  await press(stdin, KEYS.up);
  assert.equal(store.getState().commandLine.text, 'pull alpine:3', 'no older pull: it stays');
  await press(stdin, KEYS.down, KEYS.down);
  assert.equal(store.getState().commandLine.text, 'pull ', 'back to the line as it was opened');
  await press(stdin, KEYS.escape);
  // the search prompt keeps a history of its own: Ctrl-P walks it (↑ moves in the results)
  await press(stdin, '/');
  await type(stdin, 'bus');
  await press(stdin, KEYS.enter, KEYS.escape, '/', '\x10');
  assert.equal(store.getState().search.query, 'bus');
});

test('a line wider than the terminal scrolls around the cursor; CJK take two cells', async () => {
  const { stdin, store, text } = await renderApp({ size: { columns: 60, rows: 20 } });
  await press(stdin, ':');
  stdin.write(`\x1b[200~${'日本'.repeat(40)}end\x1b[201~`);
  await untilState(store, (s) => s.commandLine.text !== '');
  const line = text().split('\n').find((l) => l.startsWith(':'))!;
  assert.match(line, /^:…(日本|本日)+.*end/);
  await press(stdin, '\x01'); // Ctrl-A
  const start = text().split('\n').find((l) => l.startsWith(':'))!;
  assert.match(start, /^:日本日本.*…\s*$/);
  assert.equal(store.getState().commandLine.cursor, 0);
});
