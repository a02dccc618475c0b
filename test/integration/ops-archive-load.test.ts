// load: archives that are not archives, torn ones, ones missing a layer (which the engine would
// load in part), OCI archives, gzip, stdin, cancel. After each failure this run's images on
// the engine are exactly what they were.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import tar from 'tar-stream';
import { loadArchive } from '../../src/engine/images/load.js';
import { cleanup, docker, engineUnderTest, makeTestImage, testLabelValue } from '../support/engine.js';
import { imageId, imgsh, oneLineError, runImages, testEngine } from './ops-archive-helpers.js';

const run = testLabelValue();
const A = `imgsh-test/load-a:${run}`;
const B = `imgsh-test/load-b:${run}`;
let dir: string;
let two: string;
const ids: Record<string, string> = {};
const rootfs: Record<string, string> = {};

/** The entries of a tar, in order. */
async function entries(file: string): Promise<{ header: tar.Header; data: Buffer }[]> {
  const out: { header: tar.Header; data: Buffer }[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => (out.push({ header, data: Buffer.concat(chunks) }), next()));
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', () => resolve());
    extract.on('error', reject);
    createReadStream(file).pipe(extract as unknown as NodeJS.WritableStream);
  });
  return out;
}

function pack(list: { header: tar.Header; data: Buffer }[]): Promise<Buffer> {
  const p = tar.pack();
  for (const e of list) p.entry({ ...e.header, size: e.data.length }, e.data);
  p.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    p.on('data', (c: unknown) => chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imgsh-load-'));
  ids[A] = await makeTestImage(A, { steps: ['RUN head -c 200000 /dev/urandom > /a'] });
  ids[B] = await makeTestImage(B, { steps: ['RUN head -c 200000 /dev/urandom > /b'] });
  rootfs[A] = await docker(['image', 'inspect', '-f', '{{json .RootFS.Layers}}', A]);
  two = join(dir, 'two.tar');
  assert.equal((await imgsh(['save', '-o', two, A, B])).code, 0);
  // Loads below must not bring these back.
  await docker(['rmi', A, B]);
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cleanup();
});

describe('load of a bad archive changes nothing', () => {
  const cases: [string, () => Promise<Buffer>, RegExp][] = [
    ['random bytes', async () => randomBytes(100_000), /random\.bin is not a docker image archive \(it is not a tar archive\): nothing was loaded/],
    ['a torn archive', async () => readFileSync(two).subarray(0, Math.floor(readFileSync(two).length * 0.6)), /torn\.bin is truncated or corrupt \(it breaks off at .+\): nothing was loaded/],
    [
      // The engine itself would load the first image of this one and then fail.
      'an archive whose manifest comes first and names a missing layer',
      async () => {
        const list = await entries(two);
        const manifest = JSON.parse(list.find((e) => e.header.name === 'manifest.json')!.data.toString()) as { Layers: string[] }[];
        const gone = manifest[1].Layers.at(-1)!;
        const first = list.filter((e) => e.header.name === 'manifest.json' || e.header.name === 'repositories');
        const rest = list.filter((e) => !first.includes(e) && !e.header.name.startsWith(gone.replace('/layer.tar', '')));
        return pack([...first, ...rest]);
      },
      // layer.tar in a docker archive, blobs/sha256/… where the engine saves OCI (the containerd store)
      /missing\.bin is truncated or corrupt \(.*(layer\.tar|blobs\/sha256\/[0-9a-f]{64}) is missing\): nothing was loaded/,
    ],
    ['a tar that holds no image', async () => pack([{ header: { name: 'hello.txt', size: 2 } as tar.Header, data: Buffer.from('hi') }]), /notimage\.bin is not a docker image archive \(it has no manifest\.json or index\.json\)/],
    ['an empty file', async () => Buffer.alloc(0), /empty\.bin is empty: not a docker image archive/],
  ];
  const names = ['random', 'torn', 'missing', 'notimage', 'empty'];

  cases.forEach(([what, make, message], i) => {
    it(what, async () => {
      const file = join(dir, `${names[i]}.bin`);
      writeFileSync(file, await make());
      const before = await runImages();
      assert.match(oneLineError(await imgsh(['load', '-i', file])), message);
      assert.deepEqual(await runImages(), before);
    });
  });

  it('a file that does not exist', async () => {
    assert.match(oneLineError(await imgsh(['load', '-i', join(dir, 'nope.tar')])), /^imgsh: open .*nope\.tar: no such file or directory$/);
  });

  it('cancelled while sending: nothing loaded', async () => {
    const engine = testEngine();
    const source = new PassThrough();
    source.write(readFileSync(two).subarray(0, 2_000_000)); // more than the gate holds back, then it stalls
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 300);
    const before = await runImages();
    await assert.rejects(loadArchive(engine, source, { signal: controller.signal }));
    engine.close();
    assert.deepEqual(await runImages(), before);
  });
});

describe('load of good archives', () => {
  it('a gzip-compressed archive from stdin', async () => {
    const gz = join(dir, 'two.tar.gz');
    writeFileSync(gz, gzipSync(readFileSync(two)));
    const fd = openSync(gz, 'r');
    const l = await imgsh(['load', '-i', '-'], { input: fd });
    closeSync(fd);
    assert.equal(l.code, 0, l.stderr);
    assert.deepEqual(l.stdout.trim().split('\n').sort(), [`Loaded image: ${A}`, `Loaded image: ${B}`]);
    assert.equal(await imageId(A), ids[A]);
    await docker(['rmi', A, B]);
  });

  // Docker 28 (containerd store) keeps skopeo's ref.name as written ("imgsh-test/load-a:…", no
  // docker.io/): `docker load` leaves an image that inspect and rmi cannot find by that name.
  // imgsh names it as docker does on the way (io.containerd.image.name).
  it('an OCI archive: loaded and found by its name, or a plain word that this engine cannot', async (t) => {
    if (spawnSync('skopeo', ['--version']).status !== 0) return t.skip('skopeo is not installed');
    const oci = join(dir, 'a-oci.tar');
    const copy = spawnSync('skopeo', ['copy', `docker-archive:${two}:${A}`, `oci-archive:${oci}:${A}`], { encoding: 'utf8' });
    if (copy.status !== 0) return t.skip(`skopeo copy failed: ${copy.stderr}`);
    const before = await runImages();
    const r = await imgsh(['load', '-i', oci]);
    if (r.code === 0) {
      assert.equal(r.stdout.trim(), `Loaded image: ${A}`);
      // skopeo's manifest is not the engine's (a new id on the containerd store): the same layers
      assert.equal(await docker(['image', 'inspect', '-f', '{{json .RootFS.Layers}}', A]), rootfs[A]);
      await docker(['rmi', A]);
      return;
    }
    assert.match(oneLineError(r), /this engine \(.+\) cannot load OCI archives; convert .*a-oci\.tar first: skopeo copy oci-archive:/);
    assert.deepEqual(await runImages(), before);
  });
});
