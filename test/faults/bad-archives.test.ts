// Fault: archives that arrive broken or hostile — random bytes, a truncated save, and a layer
// with `../` and absolute paths, a symlink and a hard link pointing out, a device node — for
// `load`, the layer index (`layers --archive`) and `cp --archive`. Nothing is written outside
// the target, nothing is loaded half, and each failure is one line naming the archive.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pack } from 'tar-stream';
import { docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue().slice(-8);
const outside = join(tmpdir(), `imgsh-evil-${run}`);

async function tar(entries: [Parameters<ReturnType<typeof pack>['entry']>[0], Buffer?][]): Promise<Buffer> {
  const p = pack();
  for (const [header, body] of entries) p.entry(header, body ?? Buffer.alloc(0));
  p.finalize();
  const parts: Buffer[] = [];
  for await (const c of p) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** A docker-archive of one image whose one layer holds what a hostile archive would. */
async function evilArchive(tag: string): Promise<Buffer> {
  const layer = await tar([
    [{ name: 'ok.txt' }, Buffer.from('fine\n')],
    [{ name: `../../../../../../..${outside}-dotdot` }, Buffer.from('out\n')],
    [{ name: `${outside}-absolute` }, Buffer.from('out\n')],
    [{ name: 'lnk', type: 'symlink', linkname: tmpdir() }],
    [{ name: `lnk/imgsh-evil-${run}-through-link` }, Buffer.from('out\n')],
    [{ name: 'hl', type: 'link', linkname: '../../../../etc/passwd' }],
    [{ name: 'dev/evil', type: 'character-device', devmajor: 1, devminor: 3 }],
  ]);
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [diffId] }, history: [{ created_by: 'evil' }] }));
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: ['layer/layer.tar'] }]));
  return tar([
    [{ name: 'layer/', type: 'directory' }],
    [{ name: 'layer/layer.tar' }, layer],
    [{ name: configName }, config],
    [{ name: 'manifest.json' }, manifest],
  ]);
}

describe('broken and hostile archives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fault-archive-'));
  const evilTag = `imgsh-fault/evil:${run}`;
  const keptTag = `imgsh-fault/kept:${run}`;
  const images = async () => (await docker(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}'])).split('\n').sort().join('\n');
  const nothingOutside = () => {
    const strays = readdirSync(tmpdir()).filter((f) => f.startsWith(`imgsh-evil-${run}`));
    assert.deepEqual(strays, [], 'nothing written outside the target');
  };
  const oneLine = (r: { code: number | null; stderr: string }, name: string) => {
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.includes(name), `names ${name}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };

  before(async () => {
    writeFileSync(join(dir, 'random.tar'), Buffer.from(Array.from({ length: 1 << 16 }, (_, i) => (i * 7919) % 251)));
    await docker(['tag', fixtureRef(), keptTag]);
    await docker(['save', '-o', join(dir, 'whole.tar'), keptTag]);
    const whole = readFileSync(join(dir, 'whole.tar'));
    writeFileSync(join(dir, 'truncated.tar'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    await docker(['rmi', keptTag]);
    writeFileSync(join(dir, 'evil.tar'), await evilArchive(evilTag));
  });
  after(async () => {
    await docker(['rmi', '-f', evilTag, keptTag]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    for (const f of readdirSync(tmpdir()).filter((x) => x.startsWith(`imgsh-evil-${run}`))) rmSync(join(tmpdir(), f), { recursive: true, force: true });
  });

  it('random bytes and a truncated save: load refuses in one line and loads nothing', async () => {
    for (const name of ['random.tar', 'truncated.tar']) {
      const before = await images();
      oneLine(await runImgsh(['load', '-i', join(dir, name)]), name);
      assert.equal(await images(), before, `${name}: nothing loaded`);
    }
    assert.equal((await docker(['images', '-q', keptTag])).trim(), '', 'the truncated image is not there');
  });

  it('random bytes and a truncated save: the layer index and cp refuse in one line', async () => {
    for (const name of ['random.tar', 'truncated.tar']) {
      oneLine(await runImgsh(['layers', '--archive', join(dir, name)]), name);
      const dest = join(dir, `out-${name}`);
      oneLine(await runImgsh(['cp', '--archive', `${join(dir, name)}:/bin/busybox`, dest]), name);
      assert.equal(existsSync(dest), false, 'no partial file');
    }
  });

  it('a layer with ../, absolute paths, links out and a device: the index lists it, writes nothing outside', async (t) => {
    const r = await runImgsh(['layers', '--archive', '--json', join(dir, 'evil.tar')]);
    t.diagnostic(`layers: exit ${r.code} ${r.stderr.trim()}`);
    nothingOutside();
    if (r.code === 0) {
      const paths = (JSON.parse(r.stdout) as { layers: { changes?: { path: string }[] }[] }).layers.flatMap((l) => (l.changes ?? []).map((c) => c.path));
      assert.ok(paths.includes('ok.txt'), `the layer is listed: ${paths.join(', ')}`);
      assert.ok(paths.every((p) => !p.split('/').includes('..')), `no path climbs out: ${paths.join(', ')}`);
    } else oneLine(r, 'evil.tar');
  });

  it('cp --archive of the hostile layer writes only its DEST', async (t) => {
    const dest = join(dir, 'cp-out');
    for (const path of ['/ok.txt', `/lnk/imgsh-evil-${run}-through-link`, '/hl', '/dev/evil']) {
      rmSync(dest, { recursive: true, force: true });
      const r = await runImgsh(['cp', '--archive', `${join(dir, 'evil.tar')}:${path}`, dest]);
      nothingOutside();
      t.diagnostic(`${path}: exit ${r.code} ${r.stderr.trim()}`);
      if (r.code === 0) assert.ok(existsSync(dest), `${path}: written to DEST`);
      else assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it('load of the hostile archive: one line, nothing written outside the engine, no half image', async (t) => {
    const before = await images();
    const r = await runImgsh(['load', '-i', join(dir, 'evil.tar')]);
    t.diagnostic(`load: exit ${r.code} ${r.stderr.trim()}`);
    nothingOutside();
    if (r.code !== 0) {
      oneLine(r, 'evil.tar');
      assert.equal(await images(), before, 'nothing loaded');
    } else assert.match(r.stdout, new RegExp(evilTag.replace(/[/.:]/g, '\\$&')), 'loaded whole, its paths kept inside by the engine');
  });
});
