// The first frame's quick reading of config.json agrees with the app's validated one wherever it
// answers, and steps aside (null) wherever the app might read the file otherwise or refuse it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, loadTheme } from '../../src/shell/config.js';
import { quickSettings } from '../../src/shell/quick-settings.js';

function withConfig(text: string | null, themeFile?: string) {
  const home = mkdtempSync(join(tmpdir(), 'imgsh-quick-'));
  mkdirSync(join(home, 'imgsh', 'themes'), { recursive: true });
  if (text !== null) writeFileSync(join(home, 'imgsh', 'config.json'), text);
  if (themeFile) writeFileSync(join(home, 'imgsh', 'themes', `${themeFile}.json`), '{}');
  return { env: { XDG_CONFIG_HOME: home }, done: () => rmSync(home, { recursive: true, force: true }) };
}

test('where the quick reading answers, it is what the app reads', () => {
  const cases = [null, '{}', '{"theme":"light"}', '{"theme":"monochrome","mouse":false}', '{"keys":{"quit":["ctrl+q"],"help":["F1"]}}', '{"toolbox":"busybox:1.36"}'];
  for (const text of cases) {
    const { env, done } = withConfig(text);
    try {
      const quick = quickSettings(env);
      assert.ok(quick, `answers for ${text}`);
      const config = loadConfig(env);
      assert.deepEqual(quick.keymap, config.keymap, text ?? 'no file');
      assert.deepEqual(quick.theme, loadTheme(config.theme, env), text ?? 'no file');
      assert.equal(quick.mouse, config.mouse ?? true, text ?? 'no file');
    } finally {
      done();
    }
  }
});

test('anything the app might read otherwise or refuse leaves the first frame to the app', () => {
  const cases: [string, string | undefined][] = [
    ['{"theme":"nope"}', undefined],
    ['{"theme":"light"}', 'light'],
    ['{"keys":{"nope":["x"]}}', undefined],
    ['{"keys":{"quit":[]}}', undefined],
    ['{"keys":{"quit":[""]}}', undefined],
    ['{"mouse":"no"}', undefined],
    ['{"toolbox":""}', undefined],
    ['{"colour":"red"}', undefined],
    ['[1]', undefined],
    ['{not json', undefined],
  ];
  for (const [text, themeFile] of cases) {
    const { env, done } = withConfig(text, themeFile);
    try {
      assert.equal(quickSettings(env), null, `${text}${themeFile ? ` with themes/${themeFile}.json` : ''}`);
    } finally {
      done();
    }
  }
});
