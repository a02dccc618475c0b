import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import type { ImageRow } from '../../src/domain/images/image.js';
import { selectCurrentRow, selectCursorIndex } from '../../src/store/selectors.js';
import { readFileSync } from 'node:fs';
import { parseTheme } from '../../src/shell/theme.js';
import { App } from '../../src/ui/app.js';
import { fakeServices, KEYS, mount, press, renderApp, row, until } from './fixtures.js';
import { formatBytes } from '../../src/domain/text/size.js';

afterEach(() => cleanup());

test('the status bar shows endpoint, engine and disk usage; the prompt line key hints', async () => {
  const { text, samples } = await renderApp({ size: { columns: 100, rows: 30 } });
  const [prompt, status] = text().split('\n').slice(-2);
  assert.match(status, /unix:\/\/\/var\/run/);
  // the recorded Docker 20.10 engine (test/fixtures/engine/docker-20)
  assert.match(status, /Docker 20\.10\.24\S*, API 1\.41/);
  // at 100 columns the reclaimable figure gives way first (a wide terminal shows it, below)
  assert.ok(status.includes(`6 images, ${formatBytes(samples.reduce((n, r) => n + r.size, 0))}`), status);
  assert.match(prompt, /\? help {2}q quit {2}Enter details {2}\/ search {2}: command {2}o sort/);
});

test('a wide terminal shows the whole endpoint', async () => {
  const { text, samples } = await renderApp({ size: { columns: 180, rows: 30 } });
  const status = text().split('\n').at(-1)!;
  assert.match(status, /unix:\/\/\/var\/run\/docker\.sock/);
  // what the engine reports: every image's bytes but those of the one a container uses
  const total = samples.reduce((n, r) => n + r.size, 0);
  const used = samples.filter((r) => r.containers > 0).reduce((n, r) => n + r.size, 0);
  assert.ok(status.includes(`${formatBytes(total)} (${formatBytes(total - used)} reclaimable)`), status);
});

test('a lost connection shows a red banner with the error', async () => {
  const { frame, text, store } = await renderApp();
  store.dispatch({ type: 'connection/lost', error: 'connect ENOENT /var/run/docker.sock' });
  await until(() => text().includes('disconnected'));
  const status = text().split('\n').at(-1)!;
  assert.match(status, /disconnected — retrying: connect ENOENT/);
  assert.doesNotMatch(status, /Docker 20\.10/);
  const raw = frame().split('\n').at(-1)!;
  assert.ok(raw.includes('\x1b[31m') && raw.includes('\x1b[7m'), 'red, inverse');
});

test('before the first load, a lost connection shows its whole error in the list', async () => {
  const { text, store } = await renderApp({ rows: [], loaded: false });
  assert.match(text(), /Loading images…/);
  store.dispatch({ type: 'connection/lost', error: 'cannot reach the Docker engine at unix:///tmp/nope.sock: connect ENOENT' });
  await until(() => text().includes('Cannot reach the engine'));
  assert.match(text().replace(/\s*\n/g, ' '), /Cannot reach the engine, retrying: cannot reach the Docker engine at unix:\/\/\/tmp\/nope\.sock: connect ENOENT/);
});

test('below 60×15 only a "too small" notice shows, and q still quits', async () => {
  const { text, stdin, calls } = await renderApp({ size: { columns: 50, rows: 12 } });
  assert.equal(text().trim(), 'terminal too small (need 60×15, have 50×12)');
  await press(stdin, 'q');
  assert.equal(calls.quit, 1);
});

test('the screen is one line shorter than the terminal and lays out at 60×15', async () => {
  const { text } = await renderApp({ size: { columns: 60, rows: 15 } });
  const lines = text().split('\n');
  assert.equal(lines.length, 14);
  assert.ok(lines.every((l) => l.length <= 60), lines.find((l) => l.length > 60));
  assert.match(lines[2], /REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
});

test('a monochrome theme marks the selection and focused tab with inverse video', async () => {
  const mono = parseTheme(JSON.parse(readFileSync(new URL('../../themes/monochrome.json', import.meta.url), 'utf8')), 'monochrome');
  const fake = fakeServices();
  fake.services.theme = () => mono;
  const ui = await mount(<App services={fake.services} />);
  const lines = (ui.lastFrame() ?? '').split('\n');
  assert.ok(lines.find((l) => l.includes('busybox'))?.includes('\x1b[7m'), 'selected row inverse');
  assert.ok(lines[0].includes('\x1b[7m'), 'focused tab inverse');
  assert.ok(!lines.some((l) => /\x1b\[3[0-7]m/.test(l)), 'no colours');
});

function manyRows(n: number): ImageRow[] {
  return Array.from({ length: n }, (_, i) => row(`registry.local/team${i % 50}/app${i}:v${i % 7}`));
}

test('10,000 rows: only the visible window is rendered, and every key gets a frame', async () => {
  const rows = manyRows(10_000);
  const { stdin, store, text, ui } = await renderApp({ rows, size: { columns: 100, rows: 30 } });
  const lines = text().split('\n');
  assert.ok(lines.length <= 30, `${lines.length} lines`);
  const drawn = lines.filter((l) => l.includes('registry.local/'));
  assert.equal(drawn.length, 29 - 3 - 2);
  assert.equal(store.getState().pageSize, 24);
  assert.match(text(), /10000 of 10000/);

  // Time from a key to the frame that shows its effect.
  const timeKey = async (key: string) => {
    const before = ui.frames.length;
    const t0 = performance.now();
    stdin.write(key);
    await until(() => ui.frames.length !== before);
    return performance.now() - t0;
  };
  const times = [];
  for (let i = 0; i < 10; i++) times.push(await timeKey('j'));
  times.push(await timeKey(KEYS.pageDown));
  times.push(await timeKey('G'));
  times.sort((a, b) => a - b);
  // Speed is for the benchmarks (npm run bench); here, only that keys keep working over 10,000 rows.
  assert.equal(times.length > 0, true);
  // After G the last row is selected and on screen, and the window still fits.
  const last = selectCurrentRow(store.getState())!;
  assert.equal(store.getState().cursorKey, last.key);
  const after = text().split('\n');
  assert.ok(after.length <= 30);
  assert.ok(after.some((l) => l.includes(last.shortId)));
});

test('PgDn moves a page and the window follows the cursor', async () => {
  const rows = manyRows(100);
  const { stdin, store, text } = await renderApp({ rows, size: { columns: 100, rows: 20 } });
  await press(stdin, KEYS.pageDown);
  const pageSize = store.getState().pageSize;
  assert.equal(pageSize, 14);
  assert.equal(selectCursorIndex(store.getState()), 14);
  assert.ok(text().includes(selectCurrentRow(store.getState())!.shortId));
  await press(stdin, KEYS.pageDown, KEYS.pageDown);
  assert.equal(selectCursorIndex(store.getState()), 42);
  assert.ok(text().includes(selectCurrentRow(store.getState())!.shortId));
  await press(stdin, KEYS.pageUp, KEYS.pageUp, KEYS.pageUp, KEYS.pageUp);
  assert.equal(selectCursorIndex(store.getState()), 0);
  assert.ok(text().includes(selectCurrentRow(store.getState())!.shortId));
});
