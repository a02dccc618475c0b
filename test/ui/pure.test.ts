import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Key } from 'ink';
import { DEFAULT_KEYMAP, applyKeyOverrides } from '../../src/shell/keymap.js';
import { keyTable, keymapMarkdown } from '../../src/shell/keymap-doc.js';
import { layoutColumns, windowTop } from '../../src/ui/images/columns.js';
import { fitHints, keyHints } from '../../src/ui/key-hints.js';
import { keyName } from '../../src/ui/keys.js';
import { fit, highlightSpans, truncate } from '../../src/ui/text.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

test('keyName spells keys as the keymap does', () => {
  assert.equal(keyName('j', none), 'j');
  assert.equal(keyName('G', { ...none, shift: true }), 'G');
  assert.equal(keyName(' ', none), 'space');
  assert.equal(keyName('', { ...none, upArrow: true }), 'up');
  assert.equal(keyName('', { ...none, pageDown: true }), 'pagedown');
  assert.equal(keyName('\r', { ...none, return: true }), 'enter');
  assert.equal(keyName('', { ...none, escape: true, meta: true }), 'escape');
  assert.equal(keyName('', { ...none, tab: true }), 'tab');
  assert.equal(keyName('', { ...none, tab: true, shift: true }), 'shift+tab');
  assert.equal(keyName('', { ...none, delete: true }), 'backspace');
  assert.equal(keyName('c', { ...none, ctrl: true }), 'ctrl+c');
  assert.equal(keyName('pasted text', none), null);
});

test('truncate and fit cut with an ellipsis', () => {
  assert.equal(truncate('busybox', 4), 'bus…');
  assert.equal(truncate('busybox', 7), 'busybox');
  assert.equal(fit('1MB', 5, 'right'), '  1MB');
  assert.equal(fit('alpine', 8), 'alpine  ');
});

test('highlightSpans splits matched ranges and drops the truncated part', () => {
  assert.deepEqual(highlightSpans('busybox', [[0, 1], [4, 4]], 9), [
    { text: 'bu', hit: true },
    { text: 'sy', hit: false },
    { text: 'b', hit: true },
    { text: 'ox  ', hit: false },
  ]);
  assert.deepEqual(highlightSpans('busybox', [[5, 6]], 5), [{ text: 'busy…', hit: false }]);
});

test('columns fill the width and drop CONTAINERS, then CREATED, when narrow', () => {
  for (const width of [60, 80, 100, 200]) {
    const cols = layoutColumns(width);
    const used = 2 + cols.reduce((n, c) => n + c.width, 0) + 2 * (cols.length - 1);
    assert.equal(used, width, `width ${width}`);
  }
  assert.deepEqual(layoutColumns(100).map((c) => c.id), ['repository', 'tag', 'shortId', 'created', 'size', 'containers']);
  assert.ok(!layoutColumns(80).some((c) => c.id === 'containers'));
  assert.ok(!layoutColumns(60).some((c) => c.id === 'created'));
});

test('windowTop scrolls only when the cursor leaves the window', () => {
  assert.equal(windowTop(0, 5, 10, 100), 0);
  assert.equal(windowTop(0, 10, 10, 100), 1);
  assert.equal(windowTop(20, 15, 10, 100), 15);
  assert.equal(windowTop(95, 99, 10, 100), 90);
  assert.equal(windowTop(50, 3, 10, 5), 0);
});

test('key hints use the user keymap', () => {
  const keymap = applyKeyOverrides(DEFAULT_KEYMAP, { quit: ['ctrl+q'], help: ['F1'] });
  assert.deepEqual(keyHints(keymap, 'build').slice(0, 2), ['F1 help', 'Ctrl-Q quit']);
  // Each pane hints at its own keys.
  assert.deepEqual(keyHints(DEFAULT_KEYMAP, 'build').slice(2, 4), ['x shell', 'f failed state']);
  assert.deepEqual(keyHints(DEFAULT_KEYMAP, 'layers').slice(2, 4), ['a changes/all', 'u unmodified']);
  assert.equal(fitHints(['? help', 'q quit', 'Enter details'], 15), '? help  q quit');
});

test('keyTable groups every binding by scope; keymapMarkdown renders it', () => {
  const groups = keyTable(DEFAULT_KEYMAP);
  assert.deepEqual(groups.map((g) => g.scope), ['global', 'list', 'job', 'build', 'layers', 'line', 'confirm']);
  assert.ok(keymapMarkdown(DEFAULT_KEYMAP).includes('| `Alt-B`, `Ctrl-←`, `Alt-←` | One word left |'));
  assert.equal(groups.reduce((n, g) => n + g.rows.length, 0), DEFAULT_KEYMAP.length);
  const md = keymapMarkdown(DEFAULT_KEYMAP);
  assert.match(md, /^### Everywhere\n\n\| Keys \| Action \|\n\| --- \| --- \|\n\| `\?` \| Show or hide this help \|/);
  assert.match(md, /\| `q`, `Ctrl-C` \| Quit \|/);
  assert.match(md, /### In the Images list/);
  assert.match(md, /\| `PgDn` \| Page down \|/);
  const piped = keymapMarkdown(applyKeyOverrides(DEFAULT_KEYMAP, { help: ['|'], search: ['`'] }));
  assert.match(piped, /\| `\\\|` \| Show or hide this help \|/);
  assert.match(piped, /\| `` ` `` \| Fuzzy search images \|/);
});
