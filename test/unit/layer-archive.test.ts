import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { LAYER_INDEX_VERSION, withDigests } from '../../src/domain/layers/layer-index.js';
import { indexArchive, LayerArchiveError, scanArchive } from '../../src/engine/layers/layer-archive.js';
import { cacheFile, readCachedIndex, writeCachedIndex } from '../../src/engine/layers/layer-cache.js';
import { loadArchiveIndex } from '../../src/engine/layers/layer-index.js';
import { inThread } from '../../src/engine/layers/layer-job-run.js';
import type { ChunkSource } from '../../src/engine/transport/chunk-source.js';

type Item = { name: string; body?: string | Buffer; type?: 'file' | 'directory' | 'symlink' | 'link'; linkname?: string };

function tarOf(items: Item[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const i of items) {
    const header = { name: i.name, type: i.type ?? 'file', linkname: i.linkname, mode: i.type === 'directory' ? 0o755 : 0o644 };
    if (i.type && i.type !== 'file') pack.entry(header);
    else pack.entry(header, i.body ?? '');
  }
  pack.finalize();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    pack.on('data', (c) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function* chunksOf(b: Buffer, size: number) {
  for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}

/**
 * The archive as a borrowed source (raw-get.ts): each piece is copied into one buffer, and that
 * buffer is overwritten once the taker is done with it, as the next read would.
 */
function borrowedSource(b: Buffer, size: number): ChunkSource {
  const scratch = Buffer.alloc(size);
  return {
    borrowed: true,
    destroy: () => {},
    async each(take) {
      for (const piece of chunksOf(b, size)) {
        piece.copy(scratch);
        const next = take(scratch.subarray(0, piece.length));
        if (next === 'stop') return;
        if (next) await next;
        scratch.fill(0xaa);
      }
    },
  };
}

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const config = (diffIds: string[]) =>
  JSON.stringify({
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [{ created_by: '/bin/sh -c #(nop) ADD file:a in /' }, { created_by: '/bin/sh -c #(nop) ENV A=1', empty_layer: true }, { created_by: '/bin/sh -c echo hi > /d/x' }],
  });

async function layers() {
  const one = await tarOf([{ name: 'd/', type: 'directory' }, { name: 'd/x', body: 'hello' }, { name: 'd/l', type: 'symlink', linkname: 'x' }]);
  const two = await tarOf([{ name: 'd/x', body: 'bye' }, { name: 'd/.wh.l' }, { name: '../evil', body: 'no' }]);
  return [one, two];
}

describe('layer archive reader', () => {
  it('reads a docker-archive whose manifest.json comes after the layers', async () => {
    const [one, two] = await layers();
    const archive = await tarOf([
      { name: 'aaa/layer.tar', body: one },
      { name: 'bbb/layer.tar', body: two },
      { name: 'cfg.json', body: config([sha(one), sha(two)]) },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'cfg.json', Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]) },
    ]);
    const index = await indexArchive(Readable.from([archive]), 'sha256:1');
    // from a source whose chunks are borrowed, in pieces that cut headers and JSON files: the same
    for (const size of [7, 100, 1000]) assert.deepEqual(await indexArchive(borrowedSource(archive, size), 'sha256:1'), index, `borrowed pieces of ${size}`);
    assert.equal(index.format, 'docker');
    assert.deepEqual(index.layers.map((l) => l.digest), [sha(one), sha(two)]);
    assert.deepEqual(index.layers[0].entries.map((e) => [e.path, e.kind, e.size, e.target]), [['d', 'dir', 0, undefined], ['d/x', 'file', 5, undefined], ['d/l', 'symlink', 0, 'x']]);
    // `../evil` never enters the index
    assert.deepEqual(index.layers[1].entries.map((e) => e.path), ['d/x', 'd/.wh.l']);
    assert.deepEqual(index.history.map((h) => h.empty), [false, true, false]);
    // a regular file's contents digest (sha256's first 128 bits, base64url); none for others
    const digest = (b: string) => createHash('sha256').update(b).digest('base64url').slice(0, 22);
    assert.deepEqual([...withDigests(index.layers[0]), ...withDigests(index.layers[1])].map((e) => e.digest), [undefined, digest('hello'), undefined, digest('bye'), undefined]);
  });

  it("digests a file's contents whether they come in one slice or many", async () => {
    const body = Buffer.alloc(300_000, 'ab');
    const layer = await tarOf([{ name: 'big', body }, { name: 'small', body: 'x' }]);
    const archive = await tarOf([
      { name: 'aaa/layer.tar', body: layer },
      { name: 'cfg.json', body: config([sha(layer)]) },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'cfg.json', Layers: ['aaa/layer.tar'] }]) },
    ]);
    const digest = (b: Buffer | string) => createHash('sha256').update(b).digest('base64url').slice(0, 22);
    for (const size of [1000, 7, 1 << 20]) {
      const index = await indexArchive(Readable.from([...chunksOf(archive, size)]), 'sha256:1');
      assert.deepEqual(withDigests(index.layers[0]).map((e) => e.digest), [digest(body), digest('x')], `chunks of ${size}`);
    }
  });

  it('reads an OCI archive with gzip layers, index.json first', async () => {
    const [one, two] = (await layers()).map((l) => gzipSync(l));
    const cfg = config([]);
    const manifest = JSON.stringify({ config: { digest: sha(cfg) }, layers: [{ digest: sha(one) }, { digest: sha(two) }] });
    const blob = (b: Buffer | string) => `blobs/sha256/${sha(b).slice(7)}`;
    const archive = await tarOf([
      { name: 'oci-layout', body: '{"imageLayoutVersion":"1.0.0"}' },
      { name: 'index.json', body: JSON.stringify({ manifests: [{ digest: sha(manifest) }] }) },
      { name: blob(manifest), body: manifest },
      { name: blob(cfg), body: cfg },
      { name: blob(one), body: one },
      { name: blob(two), body: two },
    ]);
    const index = await indexArchive(Readable.from([archive]), 'sha256:2');
    for (const size of [7, 1000, 1 << 16]) assert.deepEqual(await indexArchive(borrowedSource(archive, size), 'sha256:2'), index, `borrowed pieces of ${size}`);
    assert.equal(index.format, 'oci');
    assert.deepEqual(index.layers.map((l) => l.entries.length), [3, 2]);
    assert.equal(index.layers[1].entries[0].size, 3);
  });

  it('hands one entry of a gzip layer to a slow writer whole, and stops there', async () => {
    // the writer is slower than the inflater: the scan waits for it, and the entry's end comes
    // from the inflater while the scan waits (a 'finish', never a 'drain')
    const big = randomBytes(6 << 20);
    const layer = gzipSync(await tarOf([{ name: 'a/big', body: big }, { name: 'a/after', body: 'x' }]));
    const archive = await tarOf([{ name: 'blobs/sha256/l', body: layer }, { name: 'index.json', body: '{}' }]);
    async function* arriving() {
      // as over a socket: a piece at a time, so the inflater's output and the reads interleave
      for (const c of chunksOf(archive, 64 << 10)) {
        await new Promise((r) => setTimeout(r, 1));
        yield c;
      }
    }
    for (const [what, source] of [['a stream', Readable.from(arriving())], ['borrowed chunks', borrowedSource(archive, 64 << 10)]] as const) {
      const got: Buffer[] = [];
      let seen = 0;
      const slow = new Writable({
        highWaterMark: 64 << 10,
        write(chunk: Buffer, _enc, done) {
          got.push(chunk);
          setTimeout(done, 3);
        },
      });
      await scanArchive(source, {
        onLayerEntry: (_layer, header) => {
          seen++;
          return header.name === 'a/big' ? slow : undefined;
        },
      });
      await finished(slow);
      assert.ok(Buffer.concat(got).equals(big), `the whole file, in order, from ${what}`);
      assert.equal(seen, 1, 'the scan stopped after the entry it wanted');
    }
  });

  it('says clearly that a truncated archive is truncated', async () => {
    const [one] = await layers();
    const archive = await tarOf([{ name: 'aaa/layer.tar', body: one }, { name: 'manifest.json', body: '[]' }]);
    await assert.rejects(indexArchive(Readable.from([archive.subarray(0, 1500)]), 'x'), (e: Error) => e instanceof LayerArchiveError && /truncated/.test(e.message));
  });
});

describe('archive files, read in a worker thread or in this one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-archive-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const hex = 'c'.repeat(64);
  const dockerArchive = async () => {
    const [one, two] = await layers();
    return tarOf([
      { name: 'aaa/layer.tar', body: one },
      { name: 'bbb/layer.tar', body: two },
      { name: `${hex}.json`, body: config([sha(one), sha(two)]) },
      { name: 'manifest.json', body: JSON.stringify([{ Config: `${hex}.json`, Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]) },
    ]);
  };

  it('indexes a file, plain or gzipped whole, as the stream reader does; the image id is its config digest', async () => {
    const archive = await dockerArchive();
    const expected = await indexArchive(Readable.from([archive]), undefined);
    assert.equal(expected.imageId, `sha256:${hex}`);
    writeFileSync(join(dir, 'a.tar'), archive);
    writeFileSync(join(dir, 'a.tar.gz'), gzipSync(archive));
    const signal = new AbortController().signal;
    for (const thread of [true, false]) {
      assert.deepEqual(await loadArchiveIndex(join(dir, 'a.tar'), { signal, thread }), expected);
      assert.deepEqual(await loadArchiveIndex(join(dir, 'a.tar.gz'), { signal, thread }), expected);
    }
  });

  it('runs big archives in a worker thread, small ones in the main thread', () => {
    assert.equal(inThread(1 << 30), true);
    assert.equal(inThread(1 << 20), false);
  });

  it('cancels, and says clearly what it cannot read (a zstd layer, a file that is no archive)', async () => {
    writeFileSync(join(dir, 'b.tar'), await dockerArchive());
    const c = new AbortController();
    const pending = loadArchiveIndex(join(dir, 'b.tar'), { signal: c.signal, thread: true });
    c.abort();
    await assert.rejects(pending, (e: Error) => e instanceof LayerArchiveError && e.message === 'cancelled');
    const zstd = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(400)]);
    const manifest = JSON.stringify({ layers: [{ digest: sha(zstd) }] });
    const archive = await tarOf([
      { name: 'index.json', body: JSON.stringify({ manifests: [{ digest: sha(manifest) }] }) },
      { name: `blobs/sha256/${sha(manifest).slice(7)}`, body: manifest },
      { name: `blobs/sha256/${sha(zstd).slice(7)}`, body: zstd },
    ]);
    await assert.rejects(indexArchive(Readable.from([archive]), 'x'), (e: Error) => e instanceof LayerArchiveError && /zstd-compressed, which imgsh cannot read/.test(e.message));
    writeFileSync(join(dir, 'c.txt'), 'hello');
    for (const thread of [true, false]) {
      await assert.rejects(loadArchiveIndex(join(dir, 'c.txt'), { signal: new AbortController().signal, thread }), (e: Error) => e instanceof LayerArchiveError && /the image archive is truncated or damaged/.test(e.message));
    }
  });
});

describe('layer index cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-cache-test-'));
  const env = { XDG_CACHE_HOME: dir };
  after(() => rmSync(dir, { recursive: true, force: true }));
  const index = {
    version: LAYER_INDEX_VERSION,
    imageId: 'sha256:abc',
    format: 'docker' as const,
    layers: [
      {
        digest: 'sha256:1',
        archivePath: 'a/layer.tar',
        entries: [
          { path: 'l', kind: 'symlink' as const, size: 0, mode: 0o777, target: 'x' },
          { path: 'f\nwith a newline', kind: 'file' as const, size: 3, mode: 0o644 },
          { path: 'd', kind: 'dir' as const, size: 0, mode: 0o755 },
          { path: 'h', kind: 'hardlink' as const, size: 0, mode: 0o644, target: 'f' },
          { path: 'c', kind: 'other' as const, size: 0, mode: 0o600 },
        ],
        fileDigests: '\0AAAAAAAAAAAAAAAAAAAAAA\0\0\0',
      },
      { digest: 'sha256:2', archivePath: 'b/layer.tar', entries: [], fileDigests: '' },
      { digest: 'sha256:3', archivePath: 'c/layer.tar', entries: [{ path: '', kind: 'dir' as const, size: 0, mode: 0o755 }], fileDigests: '' },
    ],
    history: [{ createdBy: 'x', empty: false }],
  };

  it('round-trips, and discards a corrupt or mismatched entry', async () => {
    await writeCachedIndex(index, env);
    assert.deepEqual(await readCachedIndex('sha256:abc', env), index);
    writeFileSync(cacheFile('sha256:abc', env), '{"version":1,"imageId":"sha256:abc","lay');
    assert.equal(await readCachedIndex('sha256:abc', env), null);
    await writeCachedIndex({ ...index, version: 0 }, env);
    assert.equal(await readCachedIndex('sha256:abc', env), null);
    // the shape before columns (a tuple per entry): rebuilt, not misread
    const tuples = { ...index, layers: index.layers.map((l) => ({ ...l, entries: l.entries.map((e) => [e.path, e.kind, e.size, e.mode]) })) };
    writeFileSync(cacheFile('sha256:abc', env), JSON.stringify(tuples));
    assert.equal(await readCachedIndex('sha256:abc', env), null);
  });
});
