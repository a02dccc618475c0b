// `imgsh diff A B` (issue #13) against an independent reading of `docker save`: the test's own
// tar reader (tar-stream, not imgsh's index) stacks each image's layers with their whiteouts and
// compares the final files, contents included.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanup, makeTestImage, testLabelValue } from '../support/engine.js';
import { finalFiles, type SavedFile } from '../support/saved-image.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
const A = `imgsh-test/diff:a-${run}`;
const B = `imgsh-test/diff:b-${run}`;
const dir = mkdtempSync(join(tmpdir(), 'imgsh-diff-'));

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cleanup();
});

const imgsh = (args: string[]) => runImgsh(args, { env: { XDG_CACHE_HOME: dir } });

describe('imgsh diff of two built images', () => {
  before(async () => {
    await makeTestImage(A, {
      steps: ['RUN mkdir -p /app /data && head -c 300000 /dev/zero > /app/big.bin && echo one > /app/a.txt && echo keep > /data/k.txt && echo same > /data/s.txt && echo gone > /data/g.txt && mkdir /old && echo x > /old/x && ln -s /app/a.txt /app/cur'],
    });
    await makeTestImage(B, {
      from: A,
      steps: [
        'RUN head -c 500000 /dev/zero > /app/big.bin && echo two > /app/a.txt && rm /data/g.txt && rm -rf /old && mkdir /srv && echo new > /srv/n.txt && chmod 700 /data/k.txt && echo same > /data/s.txt && ln -s /app/a.txt /srv/link && ln -sf /data/k.txt /app/cur',
      ],
    });
  });

  it("lists what a reading of docker save finds added, removed and changed, with sizes and totals", async () => {
    const res = await imgsh(['diff', A, B, '--json']);
    assert.equal(res.code, 0, res.stderr);
    const diff = JSON.parse(res.stdout);
    // B was read with A's layers known: the ones they share went by unread (the fixture's at
    // least; on the containerd store A's own layer too, its blob digest being the same)
    assert.ok(diff.to.layersReused >= 1, JSON.stringify(diff.to));
    assert.ok(diff.to.layersRead >= 1, JSON.stringify(diff.to));
    const [a, b] = [await finalFiles(A, dir), await finalFiles(B, dir)];
    const expected = new Map<string, string>();
    for (const [p, f] of a) {
      const g = b.get(p);
      if (!g) expected.set(p, 'removed');
      else if (f.kind !== g.kind || f.mode !== g.mode || (f.kind !== 'dir' && (f.size !== g.size || f.target !== g.target || f.sha !== g.sha))) expected.set(p, 'changed');
    }
    for (const p of b.keys()) if (!a.has(p)) expected.set(p, 'added');
    const entries = diff.groups.flatMap((g: { entries: { path: string; change: string }[] }) => g.entries);
    assert.deepEqual(new Map(entries.map((e: { path: string; change: string }) => [e.path, e.change])), expected);
    // sizes before and after, as read from the archives
    for (const e of entries) {
      if (e.before) assert.equal(e.before.size, a.get(e.path)!.size, e.path);
      if (e.after) assert.equal(e.after.size, b.get(e.path)!.size, e.path);
    }
    const bytes = (m: Map<string, SavedFile>) => [...m.values()].reduce((s, f) => s + (f.kind === 'file' ? f.size : 0), 0);
    assert.equal(diff.bytesBefore, bytes(a));
    assert.equal(diff.bytesAfter, bytes(b));
    assert.equal(diff.growth, bytes(b) - bytes(a));
    // the cases the images were built for
    assert.equal(expected.get('app/big.bin'), 'changed');
    assert.equal(expected.get('app/a.txt'), 'changed', 'same size, new contents');
    assert.equal(expected.get('data/k.txt'), 'changed', 'mode only');
    assert.ok(b.get('data/s.txt') && !expected.has('data/s.txt'), 'rewritten by B with the same contents: unchanged');
    assert.equal(expected.get('data/g.txt'), 'removed');
    assert.equal(expected.get('old/x'), 'removed');
    assert.equal(expected.get('srv/link'), 'added');
    // a symlink B points elsewhere: changed, with the targets the archives hold
    assert.deepEqual([a.get('app/cur')?.kind, a.get('app/cur')?.target, b.get('app/cur')?.kind, b.get('app/cur')?.target], ['symlink', '/app/a.txt', 'symlink', '/data/k.txt']);
    assert.equal(expected.get('app/cur'), 'changed', 'the link target only');
    type Side = { kind: string; target?: string };
    const cur = entries.find((e: { path: string }) => e.path === 'app/cur') as { change: string; before?: Side; after?: Side } | undefined;
    assert.deepEqual(
      [cur?.change, cur?.before?.kind, cur?.before?.target, cur?.after?.kind, cur?.after?.target],
      ['changed', 'symlink', a.get('app/cur')!.target, 'symlink', b.get('app/cur')!.target],
    );
    assert.equal(diff.groups[0].folder, 'app', 'the largest growth first');
  });

  it('text by folder; --max-growth fails above its size (exit 1) and passes below; bad input in one line', async () => {
    const text = await imgsh(['diff', A, B]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^imgsh-test\/diff:a-\S+ → imgsh-test\/diff:b-\S+: 3 added, 3 removed, 4 changed; /m);
    assert.match(text.stdout, /^app {2}\+200kB/m);
    assert.match(text.stdout, /^ {2}~ app\/big\.bin +300kB → 500kB$/m);
    assert.match(text.stdout, /^ {2}\+ srv\/link +→ \/app\/a\.txt$/m);
    assert.match(text.stdout, /^ {2}~ app\/cur +link \/app\/a\.txt → \/data\/k\.txt$/m);
    const over = await imgsh(['diff', A, B, '--max-growth', '100kB']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /^imgsh: \S+ grew \+200kB over \S+, more than --max-growth 100kB$/m);
    assert.equal((await imgsh(['diff', A, B, '--max-growth', '1MB'])).code, 0);
    // bad input with a cache of its own: one line naming what is missing, nothing half-written
    const fresh = mkdtempSync(join(tmpdir(), 'imgsh-diff-bad-'));
    const inFresh = (args: string[]) => runImgsh(args, { env: { XDG_CACHE_HOME: fresh } });
    const cached = () => (existsSync(join(fresh, 'imgsh')) ? readdirSync(join(fresh, 'imgsh')) : []);
    try {
      const none = `imgsh-test/diff:none-${run}`;
      for (const [args, missingRef] of [[[none, B], none], [[A, none], none], [[none, `${none}-2`], none]] as const) {
        const r = await inFresh(['diff', ...args]);
        assert.equal(r.code, 1, `diff ${args.join(' ')}`);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.match(r.stderr, new RegExp(`^imgsh: .*${missingRef.replace(/[/.:-]/g, '\\$&')}`), r.stderr);
      }
      // only A's index, whole (B was missing): nothing else, nothing temporary
      assert.deepEqual(cached().filter((f) => !/^layers-[0-9a-f]+\.json$/.test(f)), []);
      for (const f of cached()) JSON.parse(readFileSync(join(fresh, 'imgsh', f), 'utf8'));
      rmSync(join(fresh, 'imgsh'), { recursive: true, force: true });
      // an image of another platform than the one asked for: one line, whatever the engine says; nothing cached
      const platform = await inFresh(['diff', A, B, '--platform', 'linux/s390x']);
      assert.notEqual(platform.code, 0);
      assert.equal(platform.stderr.trim().split('\n').length, 1, platform.stderr);
      assert.match(platform.stderr, /^imgsh: /);
      assert.deepEqual(cached(), []);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
    const badSize = await imgsh(['diff', A, B, '--max-growth', 'lots']);
    assert.equal(badSize.code, 2);
    assert.match(badSize.stderr, /--max-growth: bad size "lots"/);
  });
});
