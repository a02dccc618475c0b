// save: round trips through load, several images, existing files, bad destinations, a full
// disk, stdout, cancel. Everything built here carries imgsh.test=<run id>; cleanup() removes it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { ArchiveError, createArchiveFile } from '../../src/engine/images/archive-file.js';
import { cleanup, docker, makeTestImage, testLabelValue } from '../support/engine.js';
import { REPO_ROOT } from '../support/tmux.js';
import { imageId, imgsh, imgshOnTty, oneLineError } from './ops-archive-helpers.js';

const run = testLabelValue();
const A = `imgsh-test/archive-a:${run}`;
const B = `imgsh-test/archive-b:${run}`;
let dir: string;
const ids: Record<string, string> = {};
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** No `.FILE.imgsh-tmp-…` left behind, and nothing else either. */
const listing = (d: string) => readdirSync(d).sort();

before(async () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'imgsh-archive-'));
  ids[A] = await makeTestImage(A, { steps: ['RUN head -c 300000 /dev/urandom > /a'] });
  ids[B] = await makeTestImage(B, { files: { '/b.txt': `b ${run}` } });
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cleanup();
});

describe('save', () => {
  it('save → rmi → load gives back the same image id', async () => {
    const file = join(dir, 'a.tar');
    const r = await imgsh(['save', '-o', file, A]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'as docker: silent');
    assert.deepEqual(listing(dir), ['a.tar']);
    await docker(['rmi', A]);
    const l = await imgsh(['load', '-i', file]);
    assert.equal(l.code, 0, l.stderr);
    assert.equal(l.stdout.trim(), `Loaded image: ${A}`);
    assert.equal(await imageId(A), ids[A]);
  });

  it('saves two images into one archive, and load brings both back', async () => {
    const file = join(dir, 'two.tar');
    const r = await imgsh(['save', '--json', '-o', file, A, B]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; bytes: number; refs: string[] };
    assert.deepEqual({ ...out, bytes: undefined }, { file, bytes: undefined, refs: [A, B], ids: [ids[A], ids[B]] });
    assert.equal(out.bytes, statSync(file).size);
    await docker(['rmi', A, B]);
    const l = await imgsh(['load', '--json', '-i', file]);
    assert.equal(l.code, 0, l.stderr);
    assert.deepEqual((JSON.parse(l.stdout) as { loaded: string[] }).loaded.sort(), [A, B]);
    assert.equal(await imageId(A), ids[A]);
    assert.equal(await imageId(B), ids[B]);
  });

  it('-o - writes the same archive as -o FILE', async () => {
    const piped = join(dir, 'piped.tar');
    const fd = openSync(piped, 'w');
    const r = await imgsh(['save', '-o', '-', A], { stdoutFd: fd });
    closeSync(fd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(sha(piped), sha(join(dir, 'a.tar')));
    await docker(['rmi', A]);
    const fdIn = openSync(piped, 'r');
    const l = await imgsh(['load', '-i', '-'], { input: fdIn });
    closeSync(fdIn);
    assert.equal(l.code, 0, l.stderr);
    assert.equal(await imageId(A), ids[A]);
  });

  it('refuses to write an archive to a terminal', (t) => {
    const r = imgshOnTty(['save', '-o', '-', A]);
    if (!r) return t.skip('no `script` to make a terminal');
    assert.match(r.stdout, /imgsh: refusing to write an archive to a terminal: use -o FILE or a pipe/);
    assert.match(r.stdout, /exit=1/);
  });

  it('does not overwrite a file without --force, and replaces it whole with it', async () => {
    const file = join(dir, 'existing.tar');
    writeFileSync(file, 'old contents');
    const line = oneLineError(await imgsh(['save', '-o', file, A]));
    assert.equal(line, `imgsh: ${file} exists: use --force to overwrite`);
    assert.equal(readFileSync(file, 'utf8'), 'old contents');
    const r = await imgsh(['save', '--force', '-o', file, A]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sha(file), sha(join(dir, 'a.tar')));
  });

  it('a missing image fails before any file is made', async () => {
    const file = join(dir, 'missing.tar');
    const line = oneLineError(await imgsh(['save', '-o', file, A, `imgsh-test/never-built:${run}`]));
    // docker's words: the engine's refusal of the save (20.10 does not name the image)
    assert.match(line, /^imgsh: Error response from daemon: (reference does not exist|No such image: imgsh-test\/never-built)/);
    assert.equal(existsSync(file), false);
    assert.ok(!listing(dir).some((f) => f.includes('imgsh-tmp')), listing(dir).join(' '));
  });

  it('explains destinations it cannot write, and leaves nothing behind', async () => {
    const cases: [string, RegExp][] = [
      ['/proc/imgsh-test.tar', /cannot save to \/proc\/imgsh-test\.tar: (no such|directory \/proc does not exist|permission denied)/],
      [join(dir, 'a.tar', 'x.tar'), /is not a directory: a part of that path is a file/],
      [join(dir, 'no-such-dir', 'x.tar'), /directory .*no-such-dir does not exist/],
      [dir, /it is a directory: give a file name/],
    ];
    const before = listing(dir);
    for (const [target, message] of cases) {
      const line = oneLineError(await imgsh(['save', '-o', target, A]));
      assert.match(line, message, target);
    }
    assert.deepEqual(listing(dir), before);
  });

  it('on a full disk removes the partial archive and says so', async (t) => {
    const small = join(dir, 'small');
    mkdirSync(small);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]);
    if (mount.status !== 0) return t.skip(`cannot mount a tmpfs here: ${String(mount.stderr).trim()}`);
    try {
      const line = oneLineError(await imgsh(['save', '-o', join(small, 'x.tar'), A]));
      assert.match(line, /cannot save to .*x\.tar: no space left on the device holding .*small \(the partial archive was removed\)/);
      assert.deepEqual(readdirSync(small), []);
    } finally {
      spawnSync('umount', [small]);
    }
  });

  it('a cancelled write removes the temporary file and leaves the target alone', async () => {
    const file = join(dir, 'cancelled.tar');
    writeFileSync(file, 'keep me');
    const target = await createArchiveFile(file);
    const endless = new Readable({ read() { setTimeout(() => this.push(Buffer.alloc(65536)), 5); } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 100);
    await assert.rejects(target.write(endless, { signal: controller.signal, endpoint: parseHostUrl('unix:///nowhere.sock', { from: 'default' }) }), (e: unknown) => {
      assert.ok(e instanceof ArchiveError && e.cancelled && e.message === 'save cancelled', String(e));
      return true;
    });
    assert.equal(readFileSync(file, 'utf8'), 'keep me');
    assert.ok(!listing(dir).some((f) => f.includes('imgsh-tmp')), listing(dir).join(' '));
  });
});
