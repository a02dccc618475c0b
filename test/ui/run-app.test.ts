import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// runApp under a real terminal (tmux): the alternate screen, resizes, and every exit path.
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();
const fixture = fileURLToPath(new URL('./run-app-fixture.tsx', import.meta.url));
const socket = `imgsh-ui-${process.pid}`;
let dir = '';
let n = 0;

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

/** Polls `probe` (each poll runs tmux) until it gives a value; fails after `ms` showing `show()`. */
async function until<T>(what: string, probe: () => T | undefined | false, ms = 8000, show?: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${show ? `\n--- screen ---\n${show()}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts the fixture in a new 100×30 tmux window; the shell stays after node exits. */
async function start(mode: string, ready = 'REPOSITORY') {
  const id = `w${++n}`;
  const files = { pid: join(dir, `${id}.pid`), code: join(dir, `${id}.code`), err: join(dir, `${id}.err`) };
  // Ink draws nothing live when it thinks it runs in CI.
  const cmd = `clear; echo before-app; env -u CI -u CONTINUOUS_INTEGRATION node --import tsx ${fixture} ${files.pid} ${mode} 2>${files.err}; echo $? > ${files.code}; sleep 60`;
  const target = tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-t', 'ui', '-c', process.cwd(), cmd).trim();
  const screen = () => tmux('capture-pane', '-p', '-t', target);
  const alt = () => tmux('display', '-p', '-t', target, '#{alternate_on}').trim() === '1';
  await until('the app', () => existsSync(files.pid) && screen().includes(ready));
  const pid = Number(readFileSync(files.pid, 'utf8'));
  const exited = async () => {
    const code = Number((await until('exit', () => existsSync(files.code) && readFileSync(files.code, 'utf8').trim())) as string);
    return { code, stderr: readFileSync(files.err, 'utf8'), alt: alt(), screen: screen(), cursor: tmux('display', '-p', '-t', target, '#{cursor_flag}').trim() };
  };
  return { target, pid, screen, alt, exited, keys: (...k: string[]) => tmux('send-keys', '-t', target, ...k) };
}

before(() => {
  if (!hasTmux) return;
  dir = mkdtempSync(join(tmpdir(), 'imgsh-run-app-'));
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'ui', '-x', '100', '-y', '30');
  tmux('set-option', '-g', 'default-size', '100x30');
});

after(() => {
  if (!hasTmux) return;
  try {
    tmux('kill-server');
  } catch {}
  rmSync(dir, { recursive: true, force: true });
});

function assertRestored(r: { alt: boolean; screen: string; cursor: string }) {
  assert.equal(r.alt, false, 'left the alternate screen');
  assert.equal(r.cursor, '1', 'cursor shown');
  assert.match(r.screen, /before-app/, 'the shell screen is back');
  assert.doesNotMatch(r.screen, /REPOSITORY/, 'no app output left on the shell screen');
}

test('q: alternate screen while running, restored after, exit 0', { skip: !hasTmux }, async () => {
  const app = await start('quit');
  assert.equal(app.alt(), true);
  assert.equal(app.screen().split('\n').filter((l) => l.includes('busybox')).length, 3);
  app.keys('q');
  const r = await app.exited();
  assert.equal(r.code, 0);
  assert.match(r.stderr, /runApp resolved 0/);
  assertRestored(r);
});

test('the real screen matches the frame after updates (no stale or shifted lines)', { skip: !hasTmux }, async () => {
  const app = await start('quit');
  const rowsOf = (lines: string[]) => lines.slice(3, 9).map((l) => l.slice(2).trim().split(/\s+/).slice(0, 2).join(':'));
  const sizeOrder = ['postgres:16', 'busybox:1.36', 'my/busybox-tools:1.0', 'nginx:1.25', 'alpine:3.19', 'busybox:latest'];
  // each key its own update: the next is sent once the screen shows the last
  app.keys('j');
  await until('the cursor on alpine', () => /^ ›alpine/m.test(app.screen()), 8000, app.screen);
  app.keys('j');
  await until('the cursor on nginx', () => /^ ›nginx/m.test(app.screen()), 8000, app.screen);
  app.keys('o');
  await until('the rows in size order', () => app.screen().includes('sorted by size') && rowsOf(app.screen().split('\n')).join() === sizeOrder.join(), 8000, app.screen);
  const lines = app.screen().split('\n');
  assert.match(lines[0], /^imgsh {2}1 Images/);
  assert.match(lines[1], /^sorted by size/);
  assert.match(lines[2], /^ {2}REPOSITORY/);
  assert.deepEqual(rowsOf(lines), sizeOrder);
  // the status bar: the context, then as much of the endpoint as fits
  assert.equal(lines.filter((l) => l.includes(' default │ unix:///var/run/')).length, 1);
  app.keys('q');
  assertRestored(await app.exited());
});

test('Ctrl-C quits through the keymap', { skip: !hasTmux }, async () => {
  const app = await start('quit');
  // Ink turns raw mode on just after its first frame; a Ctrl-C before that is the terminal's
  // SIGINT (exit 130). The help opening on ? says the app reads keys itself.
  app.keys('?');
  await until('the help', () => /Show or hide this help/.test(app.screen()), 8000, app.screen);
  app.keys('Escape');
  await until('the help closed', () => !/Show or hide this help/.test(app.screen()), 8000, app.screen);
  app.keys('C-c');
  const r = await app.exited();
  assert.equal(r.code, 0);
  assertRestored(r);
});

test('resizing re-lays out the screen; too small shows the notice', { skip: !hasTmux }, async () => {
  const app = await start('quit');
  tmux('resize-window', '-t', app.target, '-x', '70', '-y', '20');
  await until('narrow layout', () => !app.screen().includes('CONTAINERS') && app.screen().includes('REPOSITORY'));
  assert.ok(app.screen().split('\n').every((l) => l.length <= 70));
  tmux('resize-window', '-t', app.target, '-x', '50', '-y', '12');
  await until('too-small notice', () => app.screen().includes('terminal too small (need 60×15, have 50×12)'));
  tmux('resize-window', '-t', app.target, '-x', '100', '-y', '30');
  await until('full layout', () => app.screen().includes('CONTAINERS'));
  app.keys('q');
  assertRestored(await app.exited());
});

for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test(`${signal} restores the terminal and exits ${code}`, { skip: !hasTmux }, async () => {
    const app = await start('quit');
    process.kill(app.pid, signal);
    const r = await app.exited();
    assert.equal(r.code, code);
    assertRestored(r);
  });
}

for (const mode of ['throw', 'reject', 'render-error']) {
  test(`${mode}: restores the terminal, prints one line, exits 1`, { skip: !hasTmux }, async () => {
    // A render error never draws the list: the app is up when the pid file is.
    const app = await start(mode, mode === 'render-error' ? '' : 'REPOSITORY');
    const r = await app.exited();
    assert.equal(r.code, 1);
    // Ink's restore-cursor also writes a bare show-cursor sequence to stderr on exit.
    // eslint-disable-next-line no-control-regex
    const text = r.stderr.replace(/\x1b\[\?25h/g, '');
    const lines = text.trim().split('\n').filter((l) => !l.startsWith('runApp resolved'));
    assert.equal(lines.length, 1, JSON.stringify(r.stderr));
    assert.match(lines[0], /^imgsh: (boom|nope|no theme today)$/);
    assertRestored(r);
  });
}
