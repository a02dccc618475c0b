// Fault: the disk fills up (a 1 MB tmpfs) during save and cp. Asserted on the files on disk: the
// partial file removed, an old file of the same name intact, and the message says no space and where.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureRef } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const skip = process.getuid?.() !== 0 ? 'not root: mounting a small tmpfs needs root' : false;

describe('the disk fills up', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'imgsh-fault-disk-'));
  const full = join(root, 'small');

  before(() => {
    mkdirSync(full);
    // 1 MB: the fixture's archive (~2 MB) and its busybox (~1 MB) do not fit
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'imgsh-fault', full]);
  });

  after(() => {
    execFileSync('umount', [full]);
    rmSync(root, { recursive: true, force: true });
  });

  it('save: exit 1, "no space" and where, the partial archive removed, the old one intact', async () => {
    const target = join(full, 'fixture.tar');
    writeFileSync(target, 'the old archive\n');
    const r = await runImgsh(['save', '-f', '-o', target, fixtureRef()]);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`no space left on the device holding ${full.replace(/[/.]/g, '\\$&')}`));
    assert.equal(readFileSync(target, 'utf8'), 'the old archive\n');
    assert.deepEqual(readdirSync(full), ['fixture.tar'], 'no partial file');
  });

  it('cp: exit 1, "no space" and where, the partial file removed (an existing file is never written over: cp refuses it)', async () => {
    const target = join(full, 'busybox');
    const r = await runImgsh(['cp', `${fixtureRef()}:/bin/busybox`, target]);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /no space left/);
    assert.match(r.stderr, new RegExp(full.replace(/[/.]/g, '\\$&')));
    assert.deepEqual(readdirSync(full).filter((f) => f !== 'fixture.tar'), [], 'no partial file');
  });

  it('diff with the layer cache on a full disk: the answer still comes, nothing half-written in the cache (issue #13)', async () => {
    const cache = join(full, 'cache');
    mkdirSync(cache);
    // fill the disk but for 2 kB: the fixture's index (~20 kB) cannot be written
    const fs = statfsSync(full);
    const filler = join(full, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - 2048)));
    try {
      const r = await runImgsh(['diff', fixtureRef(), fixtureRef(), '--json'], { env: { XDG_CACHE_HOME: cache } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).growth, 0);
      // said once, in one line (both sides are the one image)
      assert.match(r.stderr, /^warning: the layer index of \S+ was not kept in the cache \(the disk is full; [^)]*\): the next look reads the export again; free space there, or set XDG_CACHE_HOME\n?$/);
      const left = existsSync(join(cache, 'imgsh')) ? readdirSync(join(cache, 'imgsh'), { recursive: true }).map(String) : [];
      assert.deepEqual(left.filter((f) => /\.tmp$|\.json$/.test(f)), [], `nothing half-written: ${left.join(', ')}`);
    } finally {
      rmSync(filler, { force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
