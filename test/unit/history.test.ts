import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { looksSecret, mergeHistory, remember, searchHistory, walkHistory } from '../../src/domain/layers/history.js';
import { historyPath, openHistory } from '../../src/shell/history-file.js';

describe('history (pure)', () => {
  test('remember trims, skips empty, leading-space and secret lines, keeps lines distinct and the newest', () => {
    const a = remember([], 'pull busybox  ', 10);
    assert.deepEqual(a, ['pull busybox']);
    assert.equal(remember(a, '', 10), a);
    assert.equal(remember(a, '   ', 10), a);
    assert.equal(remember(a, ' pull secret-thing', 10), a);
    assert.equal(remember(a, 'login -u bob -p hunter2 r.local', 10), a);
    assert.equal(remember(a, 'pull busybox \t', 10), a, 'the same as the newest: unchanged');
    assert.deepEqual(remember(['x', 'y', 'z'], 'x', 10), ['y', 'z', 'x']);
    assert.deepEqual(remember(['a', 'b', 'c'], 'd', 3), ['b', 'c', 'd']);
    assert.deepEqual(remember(['a', 'b', 'c'], 'a', 3), ['b', 'c', 'a']);
  });

  test('looksSecret: passwords and tokens yes', () => {
    for (const line of [
      'login -u bob -p hunter2 registry.local',
      'login -u bob -phunter2 registry.local',
      'login --password hunter2 registry.local',
      'login --password=hunter2 registry.local',
      'build --build-arg NPM_TOKEN=abc123 .',
      'build --build-arg DB_PASSWORD=x .',
      ...['db_passwd=x', 'Api_Key=y', 'CLIENT_SECRET=1', 'GIT_AUTH=1', 'AWS_CREDENTIALS=1', '--api-key abc', '--auth-token=abc'].map((a) => `x ${a}`),
      'pull https://bob:s3cret@registry.local/app',
      'echo Authorization: Basic Ym9iOnB3',
      'x bearer abc.def',
      ...['ghp', 'gho', 'ghu', 'ghs', 'ghr'].map((p) => `x ${p}_${'a1'.repeat(18)}`),
      `x github_pat_${'A1_'.repeat(10)}`,
      `x glpat-${'a'.repeat(20)}`,
      ...['a', 'b', 'p', 'r'].map((c) => `x xox${c}-1234567890-abcdef`),
      'x AKIAIOSFODNN7EXAMPLE',
      'x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      `x dckr_pat_${'a'.repeat(27)}`,
      `x npm_${'a1B2'.repeat(9)}`,
    ]) assert.ok(looksSecret(line), line);
  });

  test('looksSecret: references, digests and --password-stdin no; `app:token-refresh` is a tag, not a secret', () => {
    for (const line of [
      `pull busybox@sha256:${'ab'.repeat(32)}`,
      `inspect sha256:${'0f'.repeat(32)}`,
      `pull registry.local:5000/team/app:1.0@sha256:${'ab'.repeat(32)}`,
      'tag 127.0.0.1:5055/some-team/some-long-repository-name/service:1.2.3-rc1 x:1',
      'login -u bob --password-stdin registry.local',
      'login -u pete registry.local',
      'build -t app:1 --build-arg VERSION=3 .',
      // judgement call: a secret word counts only as the key of KEY=VALUE or --key VALUE
      'build -t app:token-refresh .',
      'pull ghcr.io/acme/secret-santa:latest',
      `x npm_${'a'.repeat(20)}`,
    ]) assert.ok(!looksSecret(line), line);
  });

  test('walkHistory matches the prefix in both directions, never showing the same text twice', () => {
    const list = ['pull a', 'tag a b', 'pull b', 'images', 'pull c'];
    assert.equal(walkHistory(list, 'pull ', null, -1), 4);
    assert.equal(walkHistory(list, 'pull ', null, -1, 'pull c'), 2, 'the line being edited is skipped');
    assert.equal(walkHistory(list, 'pull ', 4, -1), 2);
    assert.equal(walkHistory(list, 'pull ', 2, -1), 0);
    assert.equal(walkHistory(list, 'pull ', 0, -1), null, 'nothing older');
    assert.equal(walkHistory(list, 'pull ', 0, 1), 2);
    assert.equal(walkHistory(list, 'pull ', 2, 1, 'pull c'), null, 'past the newest: back to the typed line');
    assert.equal(walkHistory(list, 'pull ', null, 1), null);
    assert.equal(walkHistory(list, '', null, -1), 4);
    assert.equal(walkHistory([], '', null, -1), null);
  });

  test('searchHistory finds older matches on each Ctrl-R', () => {
    const list = ['help images', 'images -a', 'theme dark'];
    assert.equal(searchHistory(list, 'ima', null), 1);
    assert.equal(searchHistory(list, 'ima', 1), 0);
    assert.equal(searchHistory(list, 'ima', 0), null);
    assert.equal(searchHistory(list, 'dark', null), 2);
    assert.equal(searchHistory(list, '', null), null, 'an empty query matches nothing');
  });

  test('mergeHistory: the disk lines first, then the added ones, distinct and within the limit', () => {
    assert.deepEqual(mergeHistory(['a', 'b'], ['c', 'a'], 10), ['b', 'c', 'a']);
    assert.deepEqual(mergeHistory(['a', 'b', 'c'], ['d'], 2), ['c', 'd']);
    assert.deepEqual(mergeHistory([], ['x', ' y', 'x'], 10), ['x']);
  });
});

describe('history file', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgsh-history-'));
    dirs.push(dir);
    return join(dir, 'state', 'imgsh', 'history.json');
  };
  const onDisk = (path: string) => JSON.parse(readFileSync(path, 'utf8')).histories;
  const lockWith = (path: string, pid: number, ageMs = 0) => {
    writeFileSync(`${path}.lock`, String(pid));
    const t = (Date.now() - ageMs) / 1000;
    utimesSync(`${path}.lock`, t, t);
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test('historyPath follows XDG_STATE_HOME', () => {
    assert.equal(historyPath({ XDG_STATE_HOME: '/s' }), '/s/imgsh/history.json');
    assert.match(historyPath({}), /\/\.local\/state\/imgsh\/history\.json$/);
  });

  test('lines last across opens; 0600 in a 0700 folder; secrets never written; nothing left behind', async () => {
    const path = fresh();
    const h = openHistory(path);
    assert.deepEqual(h.add('command', 'pull busybox'), ['pull busybox']);
    h.add('command', 'login -u bob -p hunter2 r.local');
    h.add('command', `build --build-arg NPM_TOKEN=${'z'.repeat(8)} .`);
    h.add('search', 'bus');
    await h.flush();
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(path)).mode & 0o777, 0o700);
    assert.doesNotMatch(readFileSync(path, 'utf8'), /hunter2|zzzzzzzz/);
    const again = openHistory(path);
    assert.deepEqual(again.lines('command'), ['pull busybox']);
    assert.deepEqual(again.lines('search'), ['bus']);
    assert.deepEqual(again.lines('filter'), []);
    assert.deepEqual(readdirSync(dirname(path)), ['history.json']);
  });

  test('a 0644 file ends 0600; unknown kinds kept, entries that are not strings dropped', async () => {
    const path = fresh();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ version: 1, histories: { command: ['a', 3, null, 'b'], future: ['f'], bad: 7 } }), { mode: 0o644 });
    chmodSync(path, 0o644);
    const h = openHistory(path);
    assert.deepEqual(h.lines('command'), ['a', 'b']);
    h.add('command', 'c');
    await h.flush();
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(onDisk(path), { command: ['a', 'b', 'c'], future: ['f'] });
  });

  test('a corrupt file is an empty history, replaced by the next write', async () => {
    const path = fresh();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{"version":1,"histories":{"command":["ok"');
    const h = openHistory(path);
    assert.deepEqual(h.lines('command'), []);
    h.add('command', 'images');
    await h.flush();
    assert.deepEqual(onDisk(path), { command: ['images'] });
  });

  test('two imgsh on one file, adding alternately: the file has the lines of both', async () => {
    const path = fresh();
    const a = openHistory(path);
    const b = openHistory(path);
    for (let i = 0; i < 5; i++) {
      a.add('command', `a${i}`);
      await new Promise((r) => setImmediate(r));
      b.add('command', `b${i}`);
    }
    await Promise.all([a.flush(), b.flush()]);
    const lines = openHistory(path).lines('command');
    assert.equal(lines.length, 10, lines.join(','));
    for (let i = 0; i < 5; i++) assert.ok(lines.includes(`a${i}`) && lines.includes(`b${i}`), lines.join(','));
    assert.deepEqual(readdirSync(dirname(path)), ['history.json']);
  });

  test('a lock held by a live imgsh: flush gives up in time, the file untouched; after it goes, the next flush writes all', async () => {
    const path = fresh();
    const h = openHistory(path);
    h.add('command', 'first');
    await h.flush();
    const before = readFileSync(path, 'utf8');
    lockWith(path, process.pid);
    assert.deepEqual(h.add('command', 'second'), ['first', 'second'], 'in memory at once');
    const t0 = Date.now();
    await h.flush();
    assert.ok(Date.now() - t0 < 1500, `${Date.now() - t0} ms`);
    assert.equal(readFileSync(path, 'utf8'), before);
    assert.ok(existsSync(`${path}.lock`), 'a lock it does not hold stays');
    unlinkSync(`${path}.lock`);
    await h.flush();
    assert.deepEqual(onDisk(path).command, ['first', 'second']);
    assert.deepEqual(readdirSync(dirname(path)), ['history.json']);
  });

  for (const [what, pid, age] of [['a dead pid', 2 ** 22 + 12345, 0], ['10 s old', process.pid, 10_000]] as const) {
    test(`a stale lock (${what}) is taken over`, async () => {
      const path = fresh();
      mkdirSync(dirname(path), { recursive: true });
      lockWith(path, pid, age);
      const h = openHistory(path);
      h.add('command', 'images');
      const t0 = Date.now();
      await h.flush();
      assert.ok(Date.now() - t0 < 500, `${Date.now() - t0} ms`);
      assert.deepEqual(onDisk(path).command, ['images']);
      assert.deepEqual(readdirSync(dirname(path)), ['history.json']);
    });
  }

  test('a lock that cannot be read or removed (a folder): flush gives up in time', async () => {
    const path = fresh();
    mkdirSync(`${path}.lock`, { recursive: true });
    const h = openHistory(path);
    h.add('command', 'images');
    const t0 = Date.now();
    await h.flush();
    assert.ok(Date.now() - t0 < 1500, `${Date.now() - t0} ms`);
    assert.ok(!existsSync(path));
  });

  test('a folder that cannot be made: flush resolves, the lines stay in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgsh-history-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'file'), '');
    const h = openHistory(join(dir, 'file', 'imgsh', 'history.json'));
    h.add('command', 'images');
    await h.flush();
    assert.deepEqual(h.lines('command'), ['images']);
  });
});
