import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILTIN_THEME_NAMES, loadConfig, loadTheme } from '../../src/shell/config.js';
import { DEFAULT_KEYMAP, resolveKey } from '../../src/shell/keymap.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An XDG_CONFIG_HOME holding the given files under imgsh/. */
function xdg(files: Record<string, string>): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'imgsh-config-'));
  dirs.push(home);
  for (const [name, text] of Object.entries(files)) {
    const path = join(home, 'imgsh', name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return { XDG_CONFIG_HOME: home };
}

describe('config.json', () => {
  it('defaults when there is no file', () => {
    const c = loadConfig(xdg({}));
    assert.equal(c.theme, 'dark');
    assert.equal(c.keymap, DEFAULT_KEYMAP);
  });
  it('remaps keys and picks a theme', () => {
    const c = loadConfig(xdg({ 'config.json': JSON.stringify({ theme: 'light', keys: { quit: ['x', 'ctrl+q'] } }) }));
    assert.equal(c.theme, 'light');
    assert.equal(resolveKey(c.keymap, 'x', ['global']), 'quit');
    assert.equal(resolveKey(c.keymap, 'q', ['global']), null);
    assert.equal(resolveKey(c.keymap, '/', ['global']), 'search');
  });
  it('rejects bad files with one line naming the file and the field', () => {
    assert.throws(() => loadConfig(xdg({ 'config.json': '{ nope' })), /config\.json: not valid JSON .* fix or remove the file/);
    assert.throws(() => loadConfig(xdg({ 'config.json': JSON.stringify({ keys: { fly: ['f'] } }) })), /config\.json: keys\.fly: .* fix or remove the file/);
    assert.throws(() => loadConfig(xdg({ 'config.json': JSON.stringify({ colour: 'red' }) })), /config\.json: .*colour/);
  });
});

describe('themes', () => {
  it('loads every built-in theme', () => {
    for (const name of BUILTIN_THEME_NAMES) assert.equal(loadTheme(name, {}).name, name);
  });
  it('honours NO_COLOR', () => {
    const t = loadTheme('dark', { NO_COLOR: '1' });
    assert.equal(t.accent, null);
    assert.equal(t.inverseSelection, true);
  });
  it('loads a valid user theme and rejects an invalid one clearly', () => {
    const good = JSON.stringify({ ...JSON.parse(JSON.stringify(loadTheme('dark', {}))), name: 'mine', accent: '#ff8800' });
    assert.equal(loadTheme('mine', xdg({ 'themes/mine.json': good })).accent, '#ff8800');
    const bad = JSON.stringify({ name: 'bad', text: 'not a colour!' });
    assert.throws(() => loadTheme('bad', xdg({ 'themes/bad.json': bad })), /theme .*bad\.json: text: .* --theme dark/);
    assert.throws(() => loadTheme('nosuch', {}), /unknown theme "nosuch": use one of dark, light, high-contrast, monochrome/);
  });
});
