// cp of a directory (issue 20), as docker cp does it: a folder (into DEST, or DEST/NAME when DEST
// is a directory), or a tar on stdout with `-`; nothing left on the engine or half-written on disk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanup, docker, makeTestImage, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
const image = `imgsh-test/cp-dir:${run.split('-').slice(-1)[0]}`;
const work = mkdtempSync(join(tmpdir(), 'imgsh-cp-dir-'));
const debugContainers = async () => (await docker(['ps', '-aq', '--filter', 'label=imgsh.debug'])).trim();

describe('cp of a directory', () => {
  before(async () => {
    await makeTestImage(image, { steps: ['RUN mkdir -p /app/sub && echo a > /app/a && echo b > /app/sub/b && ln -s a /app/link && ln /app/a /app/hard && mknod /app/null c 1 3'] });
  });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await cleanup();
  });

  it('writes the folder as DEST, then into DEST as DEST/NAME; files, links and modes kept, device nodes left out', async () => {
    const dest = join(work, 'copy');
    const r = await runImgsh(['cp', `${image}:/app`, dest]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Copied \S+:\/app to \S+copy \(2 files, 4B; 1 device node\(s\) or fifo\(s\) left out\)$/m);
    assert.equal(readFileSync(join(dest, 'a'), 'utf8'), 'a\n');
    assert.equal(readFileSync(join(dest, 'sub/b'), 'utf8'), 'b\n');
    assert.equal(readlinkSync(join(dest, 'link')), 'a');
    assert.equal(statSync(join(dest, 'hard')).ino, statSync(join(dest, 'a')).ino);
    assert.ok(!existsSync(join(dest, 'null')));
    const again = await runImgsh(['cp', `${image}:/app`, dest]);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(lstatSync(join(dest, 'app')).isDirectory(), 'an existing directory receives DEST/app');
    assert.equal(readFileSync(join(dest, 'app/sub/b'), 'utf8'), 'b\n');
    const third = await runImgsh(['cp', `${image}:/app`, dest]);
    assert.equal(third.code, 1);
    assert.match(third.stderr, /^imgsh: \S+app exists: remove it or give another DEST$/m);
    assert.deepEqual(readdirSync(work).filter((n) => n.includes('imgsh-')), [], 'no temporary folder left');
    assert.equal(await debugContainers(), '', 'no container left');
  });

  it('- writes the folder as a tar to stdout', async () => {
    const out = join(work, 'app.tar');
    const fd = openSync(out, 'w');
    const r = await runImgsh(['cp', `${image}:/app`, '-'], { stdoutFd: fd });
    closeSync(fd);
    assert.equal(r.code, 0, r.stderr);
    const names = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    assert.deepEqual(names, ['app/', 'app/a', 'app/hard', 'app/link', 'app/null', 'app/sub/', 'app/sub/b']);
    assert.equal(await debugContainers(), '');
  });

  it('a folder with --layer is refused in one line, nothing written', async () => {
    const r = await runImgsh(['cp', '--layer', '1', `${image}:/bin`, join(work, 'bin')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^imgsh: \/bin is a directory: directories are copied from the final image on the engine \(leave out --archive and --layer\)$/m);
    assert.ok(!existsSync(join(work, 'bin')));
  });
});
