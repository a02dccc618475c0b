// OCI archives on real data: an image built here is exported by the engine (docker-archive,
// plain layers), converted by skopeo to an oci-archive (gzip layers: skopeo 1.9 writes no plain
// OCI layers from a docker-archive), and gzipped whole; every form must index to the same
// changes, sizes, waste and efficiency as the engine's own export. Needs skopeo (provisioned).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { analyzeLayers, type LayerAnalysis } from '../../src/domain/layers/layer-changes.js';
import type { LayerIndex } from '../../src/domain/layers/layer-index.js';
import { createEngine } from '../../src/engine/engine.js';
import { loadArchiveIndex, loadLayerIndex } from '../../src/engine/layers/layer-index.js';
import { resolveEndpoint } from '../../src/engine/transport/resolve-endpoint.js';
import { cleanup, docker, engineUnderTest, makeTestImage, testDockerHost, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const image = `imgsh-test/layers-oci:${testLabelValue()}`;
const dir = mkdtempSync(join(tmpdir(), 'imgsh-layers-oci-'));
const cache = join(dir, 'cache');
const dockerArchive = join(dir, 'image.tar');
const ociArchive = join(dir, 'image.oci.tar');
const gzArchive = join(dir, 'image.tar.gz');
const engine = createEngine(resolveEndpoint({}, { DOCKER_HOST: testDockerHost() }));
const signal = new AbortController().signal;

after(async () => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
  await cleanup();
});

function skopeo(args: string[]): string {
  const r = spawnSync('skopeo', args, { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'skopeo must be installed (test/support/provision.sh installs it)');
  assert.equal(r.status, 0, `skopeo ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** What must not depend on the archive's layout: entries, marks, sizes, waste, efficiency. */
function essence(index: LayerIndex, a: LayerAnalysis) {
  return {
    history: index.history,
    entries: index.layers.map((l) => l.entries),
    changes: a.changes,
    layerBytes: a.layerBytes,
    totalBytes: a.totalBytes,
    wastedBytes: a.wastedBytes,
    wasted: a.wasted,
    efficiency: a.efficiency,
    userWastedPercent: a.userWastedPercent,
  };
}

describe('layers of OCI and docker archives on real data', () => {
  let fromEngine: LayerIndex;

  before(async () => {
    await makeTestImage(image, {
      steps: [
        'RUN mkdir /d && echo old > /d/x && echo keep > /d/y && head -c 1000 /dev/zero > /f',
        'RUN head -c 3000 /dev/zero > /f',
        'RUN rm /f',
        'ENV EMPTY=1',
        'RUN rm -rf /d && mkdir /d && echo new > /d/x',
        'RUN ln -s /d/x /sym && echo hard > /h1 && ln /h1 /h2',
      ],
    });
    await docker(['save', '-o', dockerArchive, image]);
    skopeo(['copy', '-q', `docker-archive:${dockerArchive}`, `oci-archive:${ociArchive}`]);
    writeFileSync(gzArchive, gzipSync(readFileSync(dockerArchive)));
    // In a worker thread, as for big images (this one is small enough to be read in-process).
    fromEngine = (await loadLayerIndex(engine, image, { signal, env: { ...process.env, XDG_CACHE_HOME: cache }, thread: true })).index;
  });

  it('skopeo wrote an OCI layout with gzip layers', () => {
    const manifestList = JSON.parse(spawnSync('tar', ['-xOf', ociArchive, 'index.json'], { encoding: 'utf8' }).stdout);
    const digest = String(manifestList.manifests[0].digest).replace(':', '/');
    const manifest = JSON.parse(spawnSync('tar', ['-xOf', ociArchive, `blobs/${digest}`], { encoding: 'utf8' }).stdout);
    assert.equal(manifest.layers.length, fromEngine.layers.length);
    for (const l of manifest.layers) assert.match(l.mediaType, /tar\+gzip$/);
  });

  it('the oci-archive, the docker-archive file and its gzip index as the engine export does', async () => {
    const expected = essence(fromEngine, analyzeLayers(fromEngine.layers.map((l) => l.entries)));
    assert.equal(fromEngine.format, 'docker');
    assert.equal(expected.changes.length, 6);
    assert.equal(expected.wastedBytes, 1000 + 3000 + 4 + 5);

    const oci = await loadArchiveIndex(ociArchive, { signal, thread: true });
    assert.equal(oci.format, 'oci');
    assert.ok(oci.layers.every((l) => l.archivePath.startsWith('blobs/sha256/')));
    assert.deepEqual(essence(oci, analyzeLayers(oci.layers.map((l) => l.entries))), expected);

    for (const file of [dockerArchive, gzArchive]) {
      const index = await loadArchiveIndex(file, { signal, thread: true });
      assert.equal(index.format, 'docker');
      // the classic store's image id is its config digest; the containerd store's is the manifest's
      if (!engineUnderTest().containerdStore) assert.equal(index.imageId, fromEngine.imageId, 'the config digest is the image id');
      assert.deepEqual(index.layers.map((l) => l.digest), fromEngine.layers.map((l) => l.digest));
      assert.deepEqual(essence(index, analyzeLayers(index.layers.map((l) => l.entries))), expected);
    }
  });

  it('imgsh layers --archive: the same report from an OCI archive, and a clear line for a missing file', async () => {
    const fromImage = await runImgsh(['layers', '--json', image], { env: { XDG_CACHE_HOME: cache } });
    assert.equal(fromImage.code, 0, fromImage.stderr);
    const ours = await runImgsh(['layers', '--json', '--archive', ociArchive, '--highest-wasted-bytes', '1MB']);
    assert.equal(ours.code, 0, ours.stderr);
    const a = JSON.parse(fromImage.stdout);
    const b = JSON.parse(ours.stdout);
    for (const key of ['totalBytes', 'wastedBytes', 'wasted', 'efficiency', 'userWastedPercent'] as const) assert.deepEqual(b[key], a[key], key);
    assert.equal(b.format, 'oci');
    assert.deepEqual(b.layers.map((l: { changes: unknown }) => l.changes), a.layers.map((l: { changes: unknown }) => l.changes));
    assert.deepEqual(b.checks.map((c: { pass: boolean }) => c.pass), [true]);

    const missing = await runImgsh(['layers', '--archive', join(dir, 'nope.tar')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope\.tar: no such file/);
  });

  it('imgsh cp --archive: a file out of an OCI archive, as the final image or after a given layer', async () => {
    const out = join(dir, 'x-final');
    const final = await runImgsh(['cp', '--archive', `${ociArchive}:/d/x`, out]);
    assert.equal(final.code, 0, final.stderr);
    assert.equal(readFileSync(out, 'utf8'), 'new\n');
    const early = join(dir, 'x-early');
    const r = await runImgsh(['cp', '--archive', '--layer', '2', `${ociArchive}:/d/x`, early]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(early, 'utf8'), 'old\n');
  });
});
