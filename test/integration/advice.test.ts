// `imgsh layers --advice` (issue #13): each saving's bytes against the test's own reading of
// `docker save` (test/support/saved-image.ts), on an image made to need every kind of advice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanup, makeTestImage, testLabelValue } from '../support/engine.js';
import { savedImage } from '../support/saved-image.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
const image = `imgsh-test/advice:${run}`;
const clean = `imgsh-test/advice:clean-${run}`;
const dir = mkdtempSync(join(tmpdir(), 'imgsh-advice-'));

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cleanup();
});

const imgsh = (args: string[]) => runImgsh(args, { env: { XDG_CACHE_HOME: dir } });

interface Advice {
  kind: string;
  bytes: number;
  text: string;
  paths: string[];
  layers: number[];
}

describe('imgsh layers --advice', () => {
  before(async () => {
    await makeTestImage(image, {
      steps: [
        'RUN mkdir -p /var/lib/apt/lists /var/cache/apk && head -c 20000 /dev/zero > /var/lib/apt/lists/deb.debian.org_main && head -c 3000 /dev/zero > /var/cache/apk/APKINDEX.tar.gz',
        'RUN mkdir /work && head -c 50000 /dev/zero > /work/big && head -c 700 /dev/zero > /work/small && echo keep > /keep',
        'RUN rm /work/big && head -c 900 /dev/zero > /work/small',
        'RUN mkdir -p /usr/lib/gcc/x86_64-linux-gnu/12 && head -c 7000 /dev/zero > /usr/lib/gcc/x86_64-linux-gnu/12/cc1',
        'RUN mkdir /dup && head -c 4000 /dev/urandom > /dup/a && cp /dup/a /dup/b',
        'RUN cp /dup/a /dup/c',
      ],
    });
    await makeTestImage(clean, { steps: ['RUN echo fine > /fine'] });
  });

  it("each saving is the bytes a reading of docker save finds: undone copies by pair of steps, caches, build tools", async () => {
    const res = await imgsh(['layers', '--advice', image, '--json']);
    assert.equal(res.code, 0, res.stderr);
    const json = JSON.parse(res.stdout) as { saves: number; advice: Advice[] };
    const { files, undone } = await savedImage(image, dir);
    const byKind = (k: string) => json.advice.filter((a) => a.kind === k);
    // undone copies, summed per pair of layers
    const pairs = new Map<string, number>();
    for (const u of undone) pairs.set(`${u.written}>${u.gone}`, (pairs.get(`${u.written}>${u.gone}`) ?? 0) + u.bytes);
    assert.deepEqual(new Map(byKind('join-steps').map((a) => [`${a.layers[0]}>${a.layers[1]}`, a.bytes])), pairs);
    assert.equal(pairs.get('2>3'), 50000 + 700, 'the removed /work/big and the replaced /work/small');
    const under = (prefix: string) => [...files].filter(([p, f]) => p.startsWith(prefix) && f.kind === 'file').reduce((s, [, f]) => s + f.size, 0);
    const caches = byKind('package-cache');
    assert.deepEqual(caches.map((a) => a.bytes).sort((a, b) => a - b), [under('var/cache/apk/'), under('var/lib/apt/lists/')].sort((a, b) => a - b));
    assert.equal(under('var/lib/apt/lists/'), 20000);
    assert.match(caches.find((a) => a.bytes === 20000)!.text, /apt lists .* rm -rf \/var\/lib\/apt\/lists/);
    assert.deepEqual(byKind('build-tools').map((a) => [a.bytes, a.paths]), [[under('usr/lib/gcc/'), ['usr/lib/gcc/x86_64-linux-gnu/12/cc1']]]);
    // the same contents under several paths: all copies but one, by their digests in the archive
    let twice = 0;
    const bySha = new Map<string, number[]>();
    for (const f of files.values()) if (f.kind === 'file' && f.size > 0) bySha.set(f.sha, [...(bySha.get(f.sha) ?? []), f.size]);
    for (const sizes of bySha.values()) twice += sizes.slice(1).reduce((s, n) => s + n, 0);
    const dups = byKind('duplicates');
    assert.equal(dups.reduce((s, a) => s + a.bytes, 0), twice);
    const made = dups.find((a) => a.paths.includes('dup/c'));
    assert.deepEqual(made && [made.bytes, [...made.paths].sort(), made.layers], [8000, ['dup/b', 'dup/c'], [5, 6]]);
    assert.equal(json.saves, json.advice.reduce((s, a) => s + a.bytes, 0));
    assert.deepEqual(json.advice.map((a) => a.bytes), [...json.advice.map((a) => a.bytes)].sort((a, b) => b - a), 'largest first');
  });

  it('text: the savings with their steps and paths; an image with nothing to advise says so', async () => {
    const res = await imgsh(['layers', '--advice', image]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /these changes would save 88\.7kB/);
    assert.match(res.stdout, /^ +50\.7kB {2}layer 4 \(RUN rm \/work\/big && head -c 900.*\) replaces or removes files layer 3 \(RUN mkdir \/work && head -c 50000/m);
    assert.match(res.stdout, /^ {10}\/work\/big$/m);
    assert.match(res.stdout, /^ +8kB {2}layer 6 \(RUN mkdir \/dup .*\) and layer 7 \(RUN cp \/dup\/a \/dup\/c\) write the same contents under several paths/m);
    const none = await imgsh(['layers', '--advice', clean]);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /nothing to advise/);
  });
});
