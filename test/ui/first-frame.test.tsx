// The first frame drawn before the app loads (src/first-frame.ts, src/ui/first-frame/frame-lines.ts) against the frame Ink draws for
// the same state: the same text and the same styles, line for line, so the hand-over shows nothing.
import './force-color.js';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import { cleanup } from 'ink-testing-library';
import dark from '../../themes/dark.json' with { type: 'json' };
import type { ImageRow } from '../../src/domain/images/image.js';
import { sortRows } from '../../src/domain/images/sort.js';
import { DEFAULT_KEYMAP } from '../../src/shell/keymap.js';
import { parseTheme } from '../../src/shell/theme.js';
import type { AppState } from '../../src/store/state.js';
import { firstFrameLines } from '../../src/ui/first-frame/frame-lines.js';
import { renderApp, row, sampleRows } from './fixtures.js';

afterEach(() => cleanup());

const connection: AppState['connection'] = {
  status: 'connected',
  context: 'default',
  endpoint: 'unix:///var/run/docker.sock (DOCKER_HOST)',
  version: { version: '28.5.2', apiVersion: '1.51', os: 'linux', arch: 'amd64' },
  error: null,
};

async function both(rows: ImageRow[], size: { columns: number; rows: number }, conn = connection) {
  const app = await renderApp({ rows, loaded: true, connection: conn, disk: null, size });
  // ink-testing-library's terminal is 100 columns wide, whatever the app lays out: this one is as wide as the frame
  Object.defineProperty(app.ui.stdout, 'columns', { value: size.columns });
  app.store.dispatch({ type: 'resize', ...size });
  await app.settle();
  await app.until(() => app.text().includes(rows.length ? `${rows.length} of ${rows.length}` : 'No images'));
  const nowMs = Math.floor(Date.now() / 1000) * 1000;
  const painted = firstFrameLines({ size, rows: sortRows(rows, 'created'), connection: conn, theme: parseTheme(dark, 'dark'), keymap: DEFAULT_KEYMAP, nowMs });
  return { ink: app.frame().split('\n'), painted: painted.map(asInk) };
}

/** A line as Ink's Output writes it (each character's styles, then the fewest codes, no trailing blanks): the same cells, the same styles. */
function asInk(line: string): string {
  return styledCharsToString(styledCharsFromTokens(tokenize(line))).trimEnd();
}

const many = () => [...sampleRows(), row('<none>:<none>', { dangling: true, repository: '<none>', tag: '<none>', ref: null }), ...Array.from({ length: 40 }, (_, i) => row(`bulk/n${i}:v${i}`, { containers: i % 3 }))];

for (const size of [
  { columns: 120, rows: 40 },
  { columns: 100, rows: 30 },
  { columns: 60, rows: 15 },
  { columns: 220, rows: 60 },
]) {
  test(`the painted first frame is Ink's, cell for cell, at ${size.columns}×${size.rows}`, async () => {
    const { ink, painted } = await both(many(), size);
    assert.equal(painted.length, ink.length);
    painted.forEach((line, i) => assert.equal(line, ink[i], `line ${i + 1}`));
  });
}

test('a short list and an empty one are painted as Ink draws them', async () => {
  for (const rows of [sampleRows().slice(0, 2), []]) {
    const { ink, painted } = await both(rows, { columns: 120, rows: 40 });
    painted.forEach((line, i) => assert.equal(line, ink[i], `line ${i + 1} of ${rows.length} rows`));
    cleanup();
  }
});

test('before the engine has said its version, the status bar says connecting…, as Ink does', async () => {
  const connecting: AppState['connection'] = { ...connection, status: 'connecting', version: null };
  const { ink, painted } = await both(sampleRows(), { columns: 120, rows: 40 }, connecting);
  assert.match(painted.at(-1)!, /connecting…/);
  painted.forEach((line, i) => assert.equal(line, ink[i], `line ${i + 1}`));
});
