// Layers on the real engine: an image built here with known layers, indexed from its export,
// checked for marks, sizes and waste; `imgsh layers` as a CI gate and `imgsh cp` on the built bin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeLayers } from '../../src/domain/layers/layer-changes.js';
import { layerRows } from '../../src/domain/layers/layer-report.js';
import { createEngine } from '../../src/engine/engine.js';
import { cacheFile } from '../../src/engine/layers/layer-cache.js';
import { loadLayerIndex } from '../../src/engine/layers/layer-index.js';
import { resolveEndpoint } from '../../src/engine/transport/resolve-endpoint.js';
import { cleanup, makeTestImage, testDockerHost, testEnv, testLabelValue } from '../support/engine.js';
import { savedImage } from '../support/saved-image.js';
import { REPO_ROOT } from '../support/tmux.js';

const run = testLabelValue();
const image = `imgsh-test/layers:${run}`;
const cache = mkdtempSync(join(tmpdir(), 'imgsh-layers-cache-'));
const out = mkdtempSync(join(tmpdir(), 'imgsh-layers-out-'));
const env = { ...process.env, XDG_CACHE_HOME: cache };
const engine = createEngine(resolveEndpoint({}, { DOCKER_HOST: testDockerHost() }));

after(async () => {
  engine.close();
  rmSync(cache, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  await cleanup();
});

function imgsh(args: string[], cacheHome = cache): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/imgsh.js'), ...args], { cwd: out, env: testEnv({ NO_COLOR: '1', XDG_CACHE_HOME: cacheHome }) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const STEPS = [
  'RUN mkdir /d && echo old > /d/x && echo keep > /d/y && head -c 1000 /dev/zero > /f',
  'RUN head -c 3000 /dev/zero > /f',
  'RUN rm /f',
  'ENV EMPTY=1',
  'RUN rm -rf /d && mkdir /d && echo new > /d/x',
  'RUN ln -s /d/x /sym && echo hard > /h1 && ln /h1 /h2',
  "RUN echo spaced > '/with space ü.txt'",
];

const marksOf = (changes: { path: string; mark: string }[]) => Object.fromEntries(changes.map((c) => [c.path, c.mark]));

describe('layers of a built image', () => {
  before(async () => {
    // built without imgsh, naming its Dockerfile as a CI would: relative to where imgsh runs
    await makeTestImage(image, { steps: STEPS, labels: { 'imgsh.dockerfile': 'ci/Dockerfile' } });
  });

  it('indexes the export: marks, sizes, whiteouts, links, waste and efficiency; then reopens from the cache', async () => {
    const { index, cached } = await loadLayerIndex(engine, image, { signal: new AbortController().signal, env });
    assert.equal(cached, false);
    assert.equal(index.layers.length, 7);
    const a = analyzeLayers(index.layers.map((l) => l.entries));
    const c = a.changes;
    assert.equal(marksOf(c[1]).f, 'A');
    assert.equal(c[1].find((x) => x.path === 'f')?.size, 1000);
    assert.equal(marksOf(c[2]).f, 'M');
    assert.equal(c[2].find((x) => x.path === 'f')?.size, 3000);
    assert.equal(marksOf(c[3]).f, 'D');
    assert.equal(marksOf(c[4])['d/x'], 'M');
    assert.equal(marksOf(c[4])['d/y'], 'D');
    // the classic store writes an opaque whiteout for the folder made again; the containerd
    // snapshotter a whiteout per file it removed: the same change, as marked above
    const whiteouts = index.layers[4].entries.map((e) => e.path).filter((p) => p.includes('.wh.'));
    assert.ok(whiteouts.includes('d/.wh..wh..opq') || whiteouts.includes('d/.wh.y'), `whiteouts in the layer: ${whiteouts.join(', ')}`);
    assert.deepEqual(c[5].find((x) => x.path === 'sym')?.target, '/d/x');
    assert.equal(c[5].find((x) => x.path === 'h2')?.kind, 'hardlink');
    assert.equal(c[6].find((x) => x.path === 'with space ü.txt')?.size, 7);
    // f: 1000 replaced + 3000 removed; d/x "old\n" and d/y "keep\n" gone with the opaque dir
    assert.equal(a.wastedBytes, 1000 + 3000 + 4 + 5);
    assert.deepEqual(a.wasted.map((w) => w.path), ['f', 'd/y', 'd/x']);
    assert.equal(a.efficiency, 1 - a.wastedBytes / a.totalBytes);
    const rows = layerRows(index, a);
    assert.match(rows[4].instruction, /^RUN rm -rf \/d/);
    assert.ok(existsSync(cacheFile(index.imageId, env)));
    const again = await loadLayerIndex(engine, image, { signal: new AbortController().signal, env });
    assert.equal(again.cached, true);
    assert.deepEqual(again.index, index);
  });

  it('imgsh layers: exits 0 when thresholds pass, 1 naming the one that fails', async () => {
    const pass = await imgsh(['layers', image, '--lowest-efficiency', '0.5', '--highest-wasted-bytes', '20MB']);
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(pass.stdout, /M {2}-rw-r--r-- +3kB {2}\/f/);
    assert.match(pass.stdout, /PASS {2}lowest-efficiency/);
    const fail = await imgsh(['layers', image, '--highest-wasted-bytes', '1kB']);
    assert.equal(fail.code, 1);
    assert.match(fail.stdout, /FAIL {2}highest-wasted-bytes: 4.01kB \(limit 1kB\)/);
    assert.match(fail.stderr, /highest-wasted-bytes failed/);
    const json = JSON.parse((await imgsh(['layers', image, '--json'])).stdout);
    assert.equal(json.wastedBytes, 4009);
    assert.equal(json.layers.length, 7);
    // each wasted copy traced to the step that wrote it and the one that replaced or removed it (issue #13)
    const f = json.wasted.find((w: { path: string }) => w.path === 'f');
    assert.deepEqual(
      f.copies.map((c: { bytes: number; how: string; written: { layer: number }; gone: { layer: number } }) => [c.bytes, c.how, c.written.layer, c.gone.layer]),
      [[1000, 'replaced', 1, 2], [3000, 'removed', 2, 3]],
    );
    assert.match(f.copies[0].written.instruction, /^RUN mkdir \/d && echo old/);
    assert.match(f.copies[0].gone.instruction, /^RUN head -c 3000/);
    assert.equal(f.copies[1].gone.instruction, 'RUN rm /f');
    const y = json.wasted.find((w: { path: string }) => w.path === 'd/y');
    assert.deepEqual([y.copies[0].how, y.copies[0].written.layer, y.copies[0].gone.layer], ['removed', 1, 4]);
    assert.match(y.copies[0].gone.instruction, /^RUN rm -rf \/d && mkdir \/d/);
    assert.match(pass.stdout, /^ +1kB written by layer 2 \(RUN mkdir \/d && echo old.*\), replaced by layer 3 \(RUN head -c 3000/m);
  });

  it("the waste's copies and their layers are the ones a reading of docker save finds undone", async () => {
    const saved = mkdtempSync(join(tmpdir(), 'imgsh-layers-saved-'));
    try {
      const { undone } = await savedImage(image, saved);
      const json = JSON.parse((await imgsh(['layers', image, '--json'])).stdout);
      const ours = json.wasted.flatMap((w: { path: string; copies: { bytes: number; written: { layer: number }; gone: { layer: number } }[] }) =>
        w.copies.map((c) => `${w.path} ${c.bytes} ${c.written.layer}>${c.gone.layer}`),
      );
      const theirs = undone.map((u) => `${u.path} ${u.bytes} ${u.written}>${u.gone}`);
      assert.deepEqual(ours.sort(), theirs.sort());
      assert.ok(theirs.length >= 4, theirs.join(', '));
    } finally {
      rmSync(saved, { recursive: true, force: true });
    }
  });

  it("names the Dockerfile lines from the Dockerfile the image's imgsh.dockerfile label names, when it lines up", async () => {
    const lineOf = (json: { wasted: { path: string; copies: { written: { line?: number }; gone: { line?: number } }[] }[] }) => {
      const f = json.wasted.find((w) => w.path === 'f')!;
      return f.copies.map((c) => [c.written.line, c.gone.line]);
    };
    // no such file where imgsh runs: the steps, no lines
    const none = JSON.parse((await imgsh(['layers', image, '--json'])).stdout);
    assert.deepEqual(lineOf(none), [[undefined, undefined], [undefined, undefined]]);
    assert.equal(none.dockerfile, undefined);
    // the Dockerfile, its lines moved down by a comment and blank lines
    const dir = join(out, 'ci');
    mkdirSync(dir);
    try {
      const text = ['# the layers test', '', 'FROM busybox', 'LABEL a=b', '', ...STEPS].join('\n');
      writeFileSync(join(dir, 'Dockerfile'), text);
      const json = JSON.parse((await imgsh(['layers', image, '--json'])).stdout);
      assert.equal(json.dockerfile, join(dir, 'Dockerfile'));
      assert.deepEqual(lineOf(json), [[6, 7], [7, 8]]);
      const plain = await imgsh(['layers', image]);
      assert.match(plain.stdout, /3kB written by layer 3 \(line 7: RUN head -c 3000 \/dev\/zero > \/f\), removed by layer 4 \(line 8: RUN rm \/f\)/);
      // edited since: a RUN that is not the layer's own text, no lines
      writeFileSync(join(dir, 'Dockerfile'), text.replace('RUN rm /f', 'RUN rm -f /f'));
      assert.deepEqual(lineOf(JSON.parse((await imgsh(['layers', image, '--json'])).stdout)), [[undefined, undefined], [undefined, undefined]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an index the cache cannot keep: the answer, and one line on stderr saying so and what to do; nothing written', async () => {
    // a file where the cache folder goes (as root, a folder without write permission would not do)
    const blocked = join(out, 'not-a-folder');
    writeFileSync(blocked, '');
    try {
      const r = await imgsh(['layers', image, '--json'], blocked);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).wastedBytes, 4009);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`^warning: the layer index of ${image.replace(/[/.]/g, '\\$&')} was not kept in the cache \\(a file stands where the cache folder goes; .*\\): the next look reads the export again; free space there, or set XDG_CACHE_HOME$`, 'm'));
      assert.equal(readFileSync(blocked, 'utf8'), '');
    } finally {
      rmSync(blocked, { force: true });
    }
  });

  it('imgsh cp: the top-most version of a file, hard links, symlinks, odd names; refuses ../ and missing paths', async () => {
    const cp = async (path: string, dest: string) => imgsh(['cp', `${image}:${path}`, dest]);
    assert.equal((await cp('/d/x', 'x')).code, 0);
    assert.equal(readFileSync(join(out, 'x'), 'utf8'), 'new\n');
    assert.equal((await cp('/h2', 'h2')).code, 0);
    assert.equal(readFileSync(join(out, 'h2'), 'utf8'), 'hard\n');
    assert.equal((await cp('/sym', 'sym')).code, 0);
    assert.equal(readlinkSync(join(out, 'sym')), '/d/x');
    assert.ok(lstatSync(join(out, 'sym')).isSymbolicLink());
    assert.equal((await cp('/with space ü.txt', '.')).code, 0);
    assert.equal(readFileSync(join(out, 'with space ü.txt'), 'utf8'), 'spaced\n');
    const escape = await cp('/../etc/passwd', 'p');
    assert.equal(escape.code, 1);
    assert.match(escape.stderr, /refusing .*\.\./);
    const missing = await cp('/f', 'f');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /\/f does not exist/);
    assert.ok(!readdirSync(out).some((f) => f.endsWith('.tmp')), 'no temp files left');
  });
});
