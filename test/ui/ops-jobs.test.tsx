// Jobs in the app: the progress panel, cancelling with Esc / Ctrl-C, one job at a time, and
// the confirmation overlay, with fake commands run by the real job runner.
import './force-color.js';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'ink-testing-library';
import type { JobContext } from '../../src/store/jobs.js';
import type { JobProgress } from '../../src/store/state.js';
import { KEYS, press, renderApp, type FakeCommand } from './fixtures.js';

afterEach(() => cleanup());

const MB = 1_000_000;

/** Resolves when the job's signal aborts, then throws the way a command ends on cancel. */
function untilAborted(ctx: JobContext, name: string): Promise<never> {
  return new Promise((_, reject) => {
    const stop = () => reject(new Error(`${name} cancelled`));
    if (ctx.signal.aborted) stop();
    ctx.signal.addEventListener('abort', stop, { once: true });
  });
}

/** A pull that reports `progress` and then waits to be cancelled, recording what it saw. */
function fakePull(progress: JobProgress, seen: { aborted?: boolean }): FakeCommand {
  return async (ctx) => {
    ctx.progress(progress);
    try {
      return await untilAborted(ctx, 'pull');
    } finally {
      seen.aborted = ctx.signal.aborted;
    }
  };
}

const LAYERS: JobProgress = {
  title: 'pull 127.0.0.1:5055/app:1',
  items: [
    { id: 'aaaaaaaaaaaa', status: 'Pull complete' },
    { id: 'bbbbbbbbbbbb', status: 'Downloading', current: 1.5 * MB, total: 3 * MB },
    { id: 'cccccccccccc', status: 'Extracting', current: 2 * MB, total: 8 * MB },
  ],
  current: 3.5 * MB,
  total: 11 * MB,
};

test('a job reports progress: the panel shows each item with a bar and bytes, and a total', async () => {
  const seen: { aborted?: boolean } = {};
  const { stdin, store, text, until } = await renderApp({}, undefined, { pull: fakePull(LAYERS, seen) });
  await press(stdin, ':');
  for (const ch of 'pull 127.0.0.1:5055/app:1') await press(stdin, ch);
  await press(stdin, KEYS.enter);
  await until(() => text().includes('total'));
  assert.equal(store.getState().job?.progress?.items.length, 3);
  const screen = text();
  assert.match(screen, /pull 127\.0\.0\.1:5055\/app:1\s+Esc cancels/);
  assert.match(screen, /aaaaaaaaaaaa\s+Pull complete/);
  assert.match(screen, /bbbbbbbbbbbb\s+Downloading\s+\[=+>\s+\] 1\.50MB\/3MB/);
  assert.match(screen, /cccccccccccc\s+Extracting\s+\[=+>\s+\] 2MB\/8MB/);
  assert.match(screen, /total\s+31%\s+\[=+>\s+\] 3\.50MB\/11MB/);
  // The panel sits above the prompt line; the list is still there above it.
  const lines = screen.split('\n');
  const panelAt = lines.findIndex((l) => l.includes('Esc cancels'));
  assert.ok(lines.slice(0, panelAt).some((l) => l.includes('busybox')), screen);
  assert.match(lines[panelAt + 4], /total/);
  await press(stdin, KEYS.escape);
  await until(() => text().includes('pull cancelled'));
  assert.equal(seen.aborted, true);
  assert.equal(store.getState().job, null);
  assert.doesNotMatch(text(), /Esc cancels/);
});

test('only the last items that fit are shown', async () => {
  const items = Array.from({ length: 40 }, (_, i) => ({ id: `layer${String(i).padStart(2, '0')}`, status: 'Waiting' }));
  const { stdin, text, until } = await renderApp({ size: { columns: 100, rows: 20 } }, undefined, { p: fakePull({ title: 'pull big', items }, {}) });
  await press(stdin, ':', 'p', ' ', 'x', KEYS.enter);
  await until(() => text().includes('layer39'));
  const screen = text();
  // Body of 16 rows: the panel takes half, its title and the last 7 layers.
  assert.match(screen, /layer39/);
  assert.match(screen, /layer33/);
  assert.doesNotMatch(screen, /layer32/);
  assert.match(screen, /busybox/, 'the list keeps the other half');
  await press(stdin, KEYS.escape);
});

test('while a job runs the list and search work, but a second job is refused', async () => {
  const { stdin, store, calls, text, until } = await renderApp({}, undefined, { pull: fakePull(LAYERS, {}), p: fakePull(LAYERS, {}) });
  await press(stdin, ':', 'p', ' ', 'x', KEYS.enter);
  await until(() => text().includes('Esc cancels'));
  assert.ok(store.getState().job);
  await press(stdin, 'j');
  assert.match(store.getState().cursorKey ?? '', /alpine/);
  await press(stdin, '/', 'n', 'g', 'x', KEYS.enter);
  assert.equal(store.getState().search.query, 'ngx');
  // Keys that start a job say why not, and open nothing.
  await press(stdin, 'p');
  assert.equal(store.getState().commandLine.editing, false);
  assert.match(text(), /a job is running \(Esc cancels it\)/);
  await press(stdin, 'd');
  assert.deepEqual(calls.runLine, ['p x']);
  // A `:` line is refused by runLine.
  await press(stdin, ':', 'p', 'u', 'l', 'l', ' ', 'y', KEYS.enter);
  assert.deepEqual(calls.runLine, ['p x', 'pull y']);
  assert.match(text(), /a job is running/);
  assert.equal(store.getState().job?.line, 'p x');
  // Esc cancels the job before it clears the search.
  await press(stdin, KEYS.escape);
  await until(() => store.getState().job === null);
  assert.equal(store.getState().search.query, 'ngx');
});

test('Ctrl-C cancels a running job instead of quitting, and quits when none runs', async () => {
  const seen: { aborted?: boolean } = {};
  const { stdin, store, calls, until } = await renderApp({}, undefined, { pull: fakePull(LAYERS, seen) });
  await press(stdin, ':', 'p', 'u', 'l', 'l', ' ', 'x', KEYS.enter);
  await until(() => store.getState().job?.progress);
  await press(stdin, KEYS.ctrlC);
  await until(() => store.getState().job === null);
  assert.equal(seen.aborted, true);
  assert.equal(calls.quit, 0);
  assert.equal(store.getState().quitting, false);
  await press(stdin, KEYS.ctrlC);
  assert.equal(calls.quit, 1);
});

test('with an overlay open, Esc closes it and the job runs on; Ctrl-C cancels the job', async () => {
  const seen: { aborted?: boolean } = {};
  const { stdin, store, until } = await renderApp({}, undefined, { pull: fakePull(LAYERS, seen) });
  await press(stdin, ':', 'p', 'u', 'l', 'l', ' ', 'x', KEYS.enter);
  await until(() => store.getState().job?.progress);
  await press(stdin, '?');
  assert.equal(store.getState().overlay, 'help');
  await press(stdin, KEYS.escape);
  assert.equal(store.getState().overlay, null);
  assert.ok(store.getState().job);
  await press(stdin, '?', KEYS.ctrlC);
  await until(() => store.getState().job === null);
  assert.equal(seen.aborted, true);
  assert.equal(store.getState().overlay, 'help');
});

test('a job without progress shows on the prompt line until it ends with its message', async () => {
  let finish: (v: string) => void = () => {};
  const tag: FakeCommand = () => new Promise((resolve) => (finish = resolve));
  const { stdin, text, until } = await renderApp({}, undefined, { tag });
  await press(stdin, 't');
  for (const ch of 'v2') await press(stdin, ch);
  await press(stdin, KEYS.enter);
  await until(() => text().includes('running…'));
  assert.match(text(), /tag busybox:latest busybox:v2 — running… \(Esc cancels\)/);
  finish('Tagged busybox:latest as busybox:v2');
  await until(() => text().includes('Tagged busybox:latest as busybox:v2'));
  assert.doesNotMatch(text(), /running…/);
});
