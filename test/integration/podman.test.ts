// Podman's Docker-compatible socket, on Podman 4.3 (bookworm's, provision.sh) and Podman 5 (sid's,
// provision-podman5.sh), each `podman system service` with its own storage: list, pull from the loopback registry, tag, rmi, save,
// load, build (passing and failing, with the last good layer), layers — and what Podman cannot
// do (BuildKit) said plainly. Failed Podman builds must leave no Buildah container behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { createEngine } from '../../src/engine/engine.js';
import { TEST_LABEL, docker, fixtureRef, testLabelValue, testRoot, firstLegOnly, setting } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { podmanHost, podman5Host } from '../support/remote.js';

const run = testLabelValue();
const ok = (r: { code: number | null; stdout: string; stderr: string }) => (assert.equal(r.code, 0, r.stderr), r.stdout);
const userEngine = Boolean(process.env.IMGSH_TEST_DOCKER_HOST) && !process.env.IMGSH_TEST_PROVISIONED;
const registry = process.env.IMGSH_TEST_REGISTRY;
const dir = mkdtempSync(join(tmpdir(), 'imgsh-podman-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Podman = { name: string; host: string | undefined; skip: string | false; cli: (args: string[]) => string };
const podmen: Podman[] = [
  {
    name: 'Podman 4.3',
    host: podmanHost,
    skip: !podmanHost ? 'no podman service (provision.sh starts one unless IMGSH_TEST_DOCKER_HOST is set)' : false,
    cli: (args) => execFileSync('podman', ['--root', join(testRoot(), 'podman/root'), '--runroot', join(testRoot(), 'podman/run'), ...args], { encoding: 'utf8' }),
  },
  {
    name: 'Podman 5',
    host: podman5Host,
    // only an engine the user gave may come without it; a provisioned run fails below instead
    skip: !podman5Host && userEngine ? 'IMGSH_TEST_DOCKER_HOST is given without IMGSH_TEST_PODMAN5_HOST' : false,
    cli: (args) =>
      execFileSync(process.env.IMGSH_TEST_PODMAN5_BIN ?? setting('IMGSH_TEST_PODMAN5_BIN') ?? 'podman',
        ['--root', join(testRoot(), 'podman5/storage'), '--runroot', join(testRoot(), 'podman5/run'), ...args],
        { encoding: 'utf8', env: { ...process.env, CONTAINERS_CONF: join(testRoot(), 'podman5/containers.conf'), PODMAN_IGNORE_CGROUPSV1_WARNING: '1' } }),
  },
];

function context(name: string, lines: string[]): string {
  const ctx = join(dir, name);
  execFileSync('mkdir', ['-p', ctx]);
  writeFileSync(join(ctx, 'Dockerfile'), [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, ...lines].join('\n') + '\n');
  return ctx;
}

for (const podman of podmen) {
  const key = podman.name.replace(/\W+/g, '').toLowerCase();
  const pulled = `${registry}/imgsh-test/${key}-pull:${run}`;
  const tagged = `imgsh-test/${key}-tag:${run}`;
  const built = `imgsh-test/${key}-built:${run}`;
  const podmanHost = podman.host;
  const onPodman = { env: { DOCKER_HOST: podmanHost ?? '' } };
  const imgsh = (args: string[], timeoutMs?: number) => runImgsh(args, { ...onPodman, timeoutMs });
  const refs = async () => (JSON.parse(ok(await imgsh(['images', '--json']))) as { repository: string; tag: string }[]).map((i) => `${i.repository}:${i.tag}`);
  /** Podman's own view, for what its Docker API hides (Buildah's working containers). */
  const podmanCli = podman.cli;

  describe(`${podman.name} through its Docker-compatible socket`, { skip: firstLegOnly || podman.skip }, () => {
    before(async () => {
      assert.ok(podmanHost, `${podman.name} did not start (provision-podman5.sh says why)`);
      await docker(['tag', fixtureRef(), pulled]);
      await docker(['push', pulled]);
      await docker(['rmi', pulled]);
    });
    after(async () => {
      for (const ref of [pulled, tagged, built]) await docker(['rmi', ref], onPodman).catch(() => '');
      const images = (await docker(['images', '-aq', '--filter', `label=${TEST_LABEL}=${run}`], onPodman)).split('\n').filter(Boolean);
      if (images.length) await docker(['rmi', '-f', ...new Set(images)], onPodman).catch(() => '');
    });

    it('knows it talks to Podman', async () => {
      const engine = createEngine(parseHostUrl(podmanHost!, { from: 'flag' }));
      try {
        assert.equal((await engine.version()).product, 'Podman');
      } finally {
        engine.close();
      }
    });

    it('lists images, pulls from the loopback registry, tags and untags', async () => {
      assert.ok((await refs()).some((r) => r.endsWith('imgsh-fixture/busybox:latest')), 'the fixture is listed');
      // as docker: the engine's status lines, then the reference
      assert.equal(ok(await imgsh(['pull', pulled])).trim().split('\n').at(-1), pulled);
      assert.ok((await refs()).includes(pulled));
      ok(await imgsh(['tag', pulled, tagged]));
      assert.ok((await refs()).some((r) => r.endsWith(tagged)), `${tagged} listed`);
      assert.match(ok(await imgsh(['rmi', tagged])), /Untagged/);
      assert.ok(!(await refs()).some((r) => r.endsWith(tagged)));
    });

    it('saves an image to a file and loads it back', async () => {
      const file = join(dir, `${key}.tar`);
      ok(await imgsh(['save', '-o', file, pulled]));
      ok(await imgsh(['rmi', pulled]));
      assert.ok(!(await refs()).includes(pulled));
      assert.match(ok(await imgsh(['load', '-i', file])), new RegExp(`${key}-pull`));
      assert.ok((await refs()).includes(pulled));
    });

    it('builds; a failed build names the step, exit code and last good layer, and leaves no Buildah container', async () => {
      const passing = context('ok', ['RUN echo one > /one', 'RUN echo two > /two']);
      ok(await imgsh(['build', '-t', built, passing], 120_000));
      assert.ok((await refs()).some((r) => r.endsWith(built)));
      const failing = context('bad', ['RUN echo good > /good', 'RUN exit 6']);
      const r = await imgsh(['build', failing], 120_000);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /build failed at step 4\/4 \(line 4, stage 0\): RUN exit 6/);
      assert.match(r.stderr, /exit code 6/);
      const good = /last good layer ([0-9a-f]{11,12}): imgsh shell \1 --failed-cmd 'exit 6'/.exec(r.stderr);
      assert.ok(good, r.stderr);
      assert.equal((await docker(['image', 'inspect', '-f', '{{.Id}}', good[1]], onPodman)).trim().length > 0, true);
      assert.equal(podmanCli(['ps', '-a', '--external', '--format', '{{.Names}}']).trim(), '', 'no Buildah working container left');
    });

    it('shows the layers of an image', async () => {
      const out = ok(await imgsh(['layers', built], 60_000));
      assert.match(out, /A .*\/two\b/);
      assert.match(out, /efficiency/i);
    });

    it('says plainly what Podman cannot do: --platform', async () => {
      const r = await imgsh(['layers', '--platform', 'linux/arm64', built]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^imgsh: --platform needs Docker API 1\.48\+ with the containerd image store \(Docker 28\); the engine is Podman [\d.]+ \(API 1\.\d+\): leave --platform out\n?$/);
    });

    it('says plainly what Podman cannot do: --buildkit', async () => {
      const r = await imgsh(['build', '--buildkit', context('bk', ['RUN true'])]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'imgsh: Podman has no BuildKit (it builds with Buildah): build without --buildkit');
    });
  });
}
