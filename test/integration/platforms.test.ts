// Multi-platform images (issue 14): an OCI index of two platforms, written here byte by byte and
// loaded into the engine. On the containerd store (the docker28 leg) the list shows it once, the
// layers, history, inspect and save read this machine's platform unless --platform picks the
// other; a platform it does not hold is one line. On an engine that cannot pick a platform
// (Docker 20.10, the first leg), --platform is refused in one line and nothing is written.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import tar from 'tar-stream';
import { formatPlatform, hostPlatform } from '../../src/domain/images/platform.js';
import { TEST_LABEL, cleanup, docker, engineUnderTest, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
const tag = `imgsh-test/platforms:${run.replace(/[^\w.-]/g, '-')}`;
const dir = mkdtempSync(join(tmpdir(), 'imgsh-platforms-'));
const host = formatPlatform(hostPlatform());
const other = host === 'linux/arm64' ? 'linux/amd64' : 'linux/arm64';
const ok = (r: { code: number | null; stdout: string; stderr: string }) => (assert.equal(r.code, 0, r.stderr), r.stdout);
const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A finalized tar pack, whole. */
async function packed(p: tar.Pack): Promise<Buffer> {
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A tar holding `files` (path → content). */
async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const p = tar.pack();
  for (const [name, body] of Object.entries(files)) p.entry({ name, mode: 0o644, mtime: new Date(0) }, body);
  return packed(p);
}

/** Per platform: its layers' files, and the instruction that made each. */
const PLATFORMS: Record<string, { files: Record<string, string>; by: string }[]> = {
  [host]: [{ files: { 'arch': 'this machine\n' }, by: 'COPY host.txt /arch' }, { files: { 'common': 'same\n' }, by: 'COPY common /common' }],
  [other]: [{ files: { 'arch': 'the other platform, longer\n', 'only-other': 'x\n' }, by: 'COPY other.txt /arch' }, { files: { 'common': 'same\n' }, by: 'COPY common /common' }],
};

/** An OCI archive: an index of the two platforms, named `tag`, as `docker save` on the containerd store writes one. */
async function multiPlatformArchive(): Promise<Buffer> {
  const blobs = new Map<string, Buffer>();
  const put = (b: Buffer) => (blobs.set(sha(b), b), { digest: sha(b), size: b.length });
  const manifests = [];
  for (const [name, layers] of Object.entries(PLATFORMS)) {
    const [os, architecture] = name.split('/');
    const tars = await Promise.all(layers.map((l) => tarOf(l.files)));
    const config = Buffer.from(JSON.stringify({
      architecture, os,
      config: { Labels: { [TEST_LABEL]: run }, Cmd: ['/arch'] },
      rootfs: { type: 'layers', diff_ids: tars.map((t) => sha(t)) },
      history: layers.map((l) => ({ created: '2026-01-01T00:00:00Z', created_by: l.by })),
    }));
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...put(config) },
      layers: tars.map((t) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...put(t) })),
    }));
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...put(manifest), platform: { os, architecture } });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  const top = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{
    mediaType: 'application/vnd.oci.image.index.v1+json', ...put(index),
    annotations: { 'io.containerd.image.name': `docker.io/${tag}`, 'org.opencontainers.image.ref.name': tag.split(':')[1] },
  }] };
  const p = tar.pack();
  p.entry({ name: 'oci-layout' }, JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  p.entry({ name: 'index.json' }, JSON.stringify(top));
  for (const [digest, body] of blobs) p.entry({ name: `blobs/sha256/${digest.slice(7)}` }, body);
  return packed(p);
}

/** The top-level names in an archive file and its small JSON entries. */
async function archiveJson(file: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const x = tar.extract();
  x.on('entry', (h, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: unknown) => chunks.push(c as Buffer));
    body.on('end', () => ((h.size ?? 0) < 100_000 && out.set(h.name, Buffer.concat(chunks).toString()), next()));
  });
  x.end(readFileSync(file));
  await new Promise<void>((resolve) => x.on('finish', () => resolve()));
  return out;
}

const store = () => engineUnderTest().containerdStore;

describe('multi-platform images on the containerd store', { skip: !store() && 'the engine has the classic image store: one platform per image (the refusal is tested below)' }, () => {
  before(async () => {
    const file = join(dir, 'multi.tar');
    writeFileSync(file, await multiPlatformArchive());
    await docker(['load', '-i', file]);
  });
  after(async () => {
    await docker(['rmi', tag]).catch(() => '');
    // the two-platform index the reload left untagged carries the run's label
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the image once, as docker images does', async () => {
    const listed = JSON.parse(ok(await runImgsh(['images', '--json']))) as { repository: string; tag: string }[];
    assert.equal(listed.filter((i) => `${i.repository}:${i.tag}` === tag).length, 1);
    assert.equal((await docker(['images', '-q', tag])).trim().split('\n').length, 1);
  });

  it('inspect names every platform and this machine\'s; --platform inspects the other', async () => {
    const text = ok(await runImgsh(['inspect', '--pretty', tag]));
    assert.match(text, new RegExp(`^Platform +${host}$`, 'm'));
    assert.match(text, new RegExp(`^Platforms +(.*, )?${host} \\(this machine\\)`, 'm'));
    assert.match(text, new RegExp(`^Platforms .*${other}`, 'm'));
    const json = JSON.parse(ok(await runImgsh(['inspect', '--json', '--platform', other, tag]))) as { architecture: string };
    assert.equal(`linux/${json.architecture}`, other);
  });

  it('layers reads this machine\'s platform, --platform the other (each as written into the archive)', async () => {
    type Layers = { platform?: string; layers: { changes?: { path: string; size: number }[]; bytes?: number }[]; totalBytes: number };
    const mine = JSON.parse(ok(await runImgsh(['layers', '--json', tag]))) as Layers;
    assert.equal(mine.platform, host);
    const theirs = JSON.parse(ok(await runImgsh(['layers', '--json', '--platform', other, tag]))) as Layers;
    assert.equal(theirs.platform, other);
    const bytes = (p: string) => PLATFORMS[p].flatMap((l) => Object.values(l.files)).reduce((n, s) => n + s.length, 0);
    assert.equal(mine.totalBytes, bytes(host));
    assert.equal(theirs.totalBytes, bytes(other));
    const text = ok(await runImgsh(['layers', '--platform', other, tag]));
    assert.match(text, new RegExp(`^${tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(${other}\\): 2 layers`, 'm'));
    assert.match(text, /A .*\/only-other\b/);
    assert.doesNotMatch(ok(await runImgsh(['layers', tag])), /only-other/);
  });

  it('history --platform shows that platform\'s steps', async () => {
    assert.match(ok(await runImgsh(['history', '--no-trunc', '--platform', other, tag])), /COPY other\.txt \/arch/);
    assert.match(ok(await runImgsh(['history', '--no-trunc', tag])), /COPY host\.txt \/arch/);
  });

  it('a platform the image does not hold is one line, exit 1, and no file', async () => {
    for (const args of [['layers'], ['history'], ['inspect'], ['save', '-o', join(dir, 's390x.tar')]]) {
      const r = await runImgsh([...args, '--platform', 'linux/s390x', tag]);
      assert.equal(r.code, 1, `${args[0]}: ${r.stdout}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /linux\/s390x/);
    }
    assert.ok(!existsSync(join(dir, 's390x.tar')));
    const bad = await runImgsh(['layers', '--platform', 'linux/arm64/v8/x', tag]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^imgsh: bad --platform: "linux\/arm64\/v8\/x" is not a platform: write OS\/ARCH\[\/VARIANT\]/);
  });
  it('save --platform writes that platform only, and it loads back', async () => {
    const file = join(dir, 'other.tar');
    ok(await runImgsh(['save', '-o', file, '--platform', other, tag]));
    const json = await archiveJson(file);
    const manifest = JSON.parse(json.get('manifest.json') ?? '[]') as { Config: string }[];
    assert.equal(manifest.length, 1);
    const config = JSON.parse(json.get(manifest[0].Config) ?? '{}') as { architecture: string };
    assert.equal(`linux/${config.architecture}`, other);
    // last: loading it points the tag at that platform's image alone
    assert.match(ok(await runImgsh(['load', '-i', file])), /platforms/);
    assert.match(ok(await runImgsh(['inspect', '--pretty', tag])), new RegExp(`^Platform +${other}$`, 'm'));
  });

});

describe('--platform on an engine that cannot pick a platform', { skip: store() && 'the containerd store picks platforms (tested above)' }, () => {
  it('is refused in one line naming what it needs, and writes nothing', async () => {
    const file = join(dir, 'refused.tar');
    for (const args of [['layers'], ['history'], ['inspect'], ['save', '-o', file]]) {
      const r = await runImgsh([...args, '--platform', 'linux/arm64', fixtureRef()]);
      assert.equal(r.code, 1, `${args[0]}: ${r.stdout}`);
      assert.match(r.stderr, /^imgsh: --platform needs Docker API 1\.48\+ with the containerd image store \(Docker 28\); the engine is Docker [\d.]+\S* \(API 1\.\d+, classic image store\): leave --platform out\n?$/);
    }
    assert.ok(!existsSync(file));
    rmSync(dir, { recursive: true, force: true });
  });
});
