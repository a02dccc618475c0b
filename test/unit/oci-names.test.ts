// An OCI archive on its way to a containerd-store engine: index.json's manifests get docker's
// names (io.containerd.image.name) when skopeo wrote ref.name without a registry; every other byte
// of the archive passes as it came.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { qualifyIndexNames } from '../../src/domain/images/oci-index-names.js';
import { ociNamesFilter } from '../../src/engine/images/oci-names.js';

const index = (...names: (string | undefined)[]) =>
  JSON.stringify({
    schemaVersion: 2,
    manifests: names.map((n, i) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${String(i).repeat(64)}`, size: 1, ...(n === undefined ? {} : { annotations: { 'org.opencontainers.image.ref.name': n } }) })),
  });
const named = (text: string) => (JSON.parse(text).manifests as { annotations?: Record<string, string> }[]).map((m) => m.annotations?.['io.containerd.image.name']);

test('qualifyIndexNames: a reference without its registry is named docker.io/…; tags (or what may be one), full names and no name stay', () => {
  // `app` could be a tag as well as a name: left as it is
  const out = qualifyIndexNames(index('user/app:1', 'app:2', 'app', '1.0', '127.0.0.1:5055/a/b:2', 'docker.io/library/x:3', undefined, 'Bad:Name'));
  assert.deepEqual(named(out!), ['docker.io/user/app:1', 'docker.io/library/app:2', undefined, undefined, undefined, undefined, undefined, undefined]);
  assert.equal(qualifyIndexNames(index('1.0', '127.0.0.1:5055/a:1')), null);
  assert.equal(qualifyIndexNames('not json'), null);
  const already = JSON.parse(index('user/app:1'));
  already.manifests[0].annotations['io.containerd.image.name'] = 'docker.io/other/name:2';
  assert.equal(qualifyIndexNames(JSON.stringify(already)), null, 'a name containerd reads already is kept');
});

async function packed(entries: [string, Buffer | string][]): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of entries) pack.entry({ name }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The bytes through the filter, given in pieces of `piece` bytes (not the tar's blocks). */
async function filtered(bytes: Buffer, piece: number): Promise<Buffer> {
  const pieces = Array.from({ length: Math.ceil(bytes.length / piece) }, (_, i) => bytes.subarray(i * piece, (i + 1) * piece));
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), ociNamesFilter(), async function* (source) {
    for await (const c of source) out.push(c as Buffer);
  });
  return Buffer.concat(out);
}

async function unpacked(bytes: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (h, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: unknown) => chunks.push(c as Buffer));
    body.on('end', () => (files.set(h.name, Buffer.concat(chunks).toString('latin1')), next()));
  });
  await pipeline(Readable.from([bytes]), extract);
  return files;
}

test('the filter renames in index.json only, with a header tar reads, in pieces of any size', async () => {
  const blob = Buffer.alloc(70_001, 7);
  const archive = await packed([['blobs/sha256/aa', blob], ['index.json', index('user/app:1')], ['oci-layout', '{"imageLayoutVersion":"1.0.0"}']]);
  for (const piece of [1, 333, 512, 4096, 1 << 20]) {
    const files = await unpacked(await filtered(archive, piece));
    assert.deepEqual([...files.keys()], ['blobs/sha256/aa', 'index.json', 'oci-layout']);
    assert.equal(files.get('blobs/sha256/aa'), blob.toString('latin1'));
    assert.deepEqual(named(files.get('index.json')!), ['docker.io/user/app:1']);
    assert.equal(files.get('oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  }
});

test('an archive with nothing to rename, a docker archive and a gzipped one pass byte for byte', async () => {
  const oci = await packed([['index.json', index('1.0')], ['oci-layout', '{}']]);
  const docker = await packed([['manifest.json', '[]'], ['abc/layer.tar', Buffer.alloc(2000, 1)]]);
  const gz = gzipSync(await packed([['index.json', index('user/app:1')]]));
  for (const bytes of [oci, docker, gz]) assert.ok((await filtered(bytes, 700)).equals(bytes));
});

test('cut short inside index.json: what came is passed on as it came', async () => {
  const archive = await packed([['index.json', index('user/app:1')]]);
  const cut = archive.subarray(0, 512 + 40);
  assert.ok((await filtered(cut, 100)).equals(cut));
});
