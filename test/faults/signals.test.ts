// Fault: SIGINT and SIGTERM in the middle of a long one-shot operation (save, load, pull, push,
// build, the layer index). Each stops with 130 / 143 and one line; no temporary file (the cache dir
// included), no container and no half-loaded image is left.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanupOn, docker, fixtureRef, TEST_LABEL, testLabelValue, testRegistry } from '../support/engine.js';
import { startImgsh, type RunningImgsh } from '../support/imgsh.js';
import { killableEngine, noKillableEngine, type KillableEngine } from '../support/killable-engine.js';

const skip = noKillableEngine() ?? false;
const run = testLabelValue();
const big = `imgsh-fault/sig:${run.slice(-8)}`;
const CODES = { SIGINT: 130, SIGTERM: 143 } as const;

describe('a signal in the middle of a long operation', { skip }, () => {
  let engine: KillableEngine;
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fault-sig-'));
  const cache = join(dir, 'cache');
  const on = (args: string[]) => docker(args, { env: { DOCKER_HOST: engine.host } });

  /** imgsh ARGS on the killable engine; `when` says when to send `sig`. */
  async function stopped(args: string[], sig: keyof typeof CODES, when: (imgsh: RunningImgsh) => boolean | Promise<boolean>) {
    const imgsh = startImgsh(args, { cwd: dir, env: { DOCKER_HOST: engine.host, XDG_CACHE_HOME: cache } });
    let sent = false;
    for (const end = Date.now() + 30_000; Date.now() < end && imgsh.running(); ) {
      if (await when(imgsh)) {
        imgsh.kill(sig);
        sent = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const { code, stderr } = await imgsh.done;
    assert.ok(sent, `the moment to send ${sig} never came (exit ${code}: ${stderr})`);
    assert.equal(code, CODES[sig], stderr);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /cancel/i);
    return stderr;
  }
  const temps = (where: string) => (existsSync(where) ? readdirSync(where).filter((f) => /tmp/.test(f)) : []);

  before(async () => {
    engine = await killableEngine();
    writeFileSync(join(dir, 'Dockerfile.big'), `FROM ${fixtureRef()}\nLABEL ${TEST_LABEL}=${run}\nRUN head -c 67108864 /dev/urandom > /a\nRUN head -c 67108864 /dev/urandom > /b\n`);
    await on(['build', '-q', '-t', big, '-f', join(dir, 'Dockerfile.big'), dir]);
  });
  after(async () => {
    await on(['rmi', '-f', big]).catch(() => {});
    // what the builds left (intermediate images of this run's steps, under its label)
    if (engine) await cleanupOn(engine.host);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`save, ${sig}: no partial archive, no file under the target's name`, async () => {
      const target = join(dir, `saved-${sig}.tar`);
      await stopped(['save', '-o', target, big], sig, () => temps(dir).some((f) => statSync(join(dir, f)).size > 1 << 20));
      assert.equal(existsSync(target), false);
      assert.deepEqual(temps(dir), []);
    });
  }

  it('load, SIGTERM: the archive half sent, no image half loaded', async () => {
    const archive = join(dir, 'to-load.tar');
    assert.equal((await on(['save', '-o', archive, big])).trim(), '');
    await on(['rmi', big]);
    try {
      await stopped(['load', '-i', archive], 'SIGTERM', (p) => p.bytesRead() > 32 << 20);
      const left = (await on(['images', '-q', big])).trim();
      // the engine may have had all of it before the request went: then it is whole
      if (left) assert.match(await on(['image', 'inspect', '-f', '{{len .RootFS.Layers}}', big]), /^3\s*$/);
    } finally {
      if (!(await on(['images', '-q', big])).trim()) await on(['load', '-q', '-i', archive]);
      rmSync(archive, { force: true });
    }
  });

  it('layers (the index), SIGINT: no cache file, nothing temporary in the cache dir', async () => {
    await stopped(['layers', big], 'SIGINT', (p) => p.bytesRead() > 32 << 20);
    assert.deepEqual(existsSync(join(cache, 'imgsh')) ? readdirSync(join(cache, 'imgsh')) : [], []);
  });

  it('build, SIGTERM while a step runs: its container is removed', async () => {
    writeFileSync(join(dir, 'Dockerfile.slow'), `FROM ${fixtureRef()}\nRUN sleep 30\n`);
    const before = (await on(['ps', '-aq'])).trim();
    await stopped(['build', '-f', join(dir, 'Dockerfile.slow'), dir], 'SIGTERM', async () => (await on(['ps', '-q'])).trim() !== '');
    for (const end = Date.now() + 10_000; (await on(['ps', '-aq'])).trim() !== before && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await on(['ps', '-aq'])).trim(), before, 'no container left');
  });
  describe('pull and push', { skip: testRegistry() ? false : 'no loopback registry' }, () => {
    const remote = (tag: string) => `${testRegistry()}/imgsh-fault/sig:${run.slice(-8)}-${tag}`;
    const manifest = (ref: string) => {
      const [, repo, tag] = /^[^/]+\/(.+):([^:]+)$/.exec(ref)!;
      return fetch(`http://${testRegistry()}/v2/${repo}/manifests/${tag}`, { method: 'HEAD', headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    };
    // When the engine's first progress lines reach imgsh (its signal handlers are on once it has
    // connected: it connects on first use), the transfer of a 128 MB layer is starting. Not a
    // time: on a fast machine a loopback pull was over before 0.3 s, on a loaded one imgsh had
    // not started by 0.5 s.
    const started = () => {
      let base = -1;
      return (p: RunningImgsh) => {
        if (base < 0 && p.connected()) base = p.bytesRead();
        return base >= 0 && p.bytesRead() - base > 100;
      };
    };
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      it(`push, ${sig}: the tag never reaches the registry`, async () => {
        // a layer of its own, so no other push has put it in the registry (the engine would mount it)
        const ref = remote(`push-${sig}`);
        writeFileSync(join(dir, 'Dockerfile.push'), `FROM ${big}\nRUN head -c 134217728 /dev/urandom > /push-${sig}\n`);
        await on(['build', '-q', '-t', ref, '-f', join(dir, 'Dockerfile.push'), dir]);
        try {
          await stopped(['push', ref], sig, started());
          assert.equal((await manifest(ref)).status, 404, 'no manifest: the push stopped before it');
        } finally {
          await on(['rmi', ref]).catch(() => {});
        }
      });

      it(`pull, ${sig}: no image under the reference`, async () => {
        const ref = remote(`pull-${sig}`);
        await on(['tag', big, ref]);
        await on(['push', ref]);
        await on(['rmi', ref]);
        // the pull must download every layer: no image on the engine holds them
        await on(['rmi', big]);
        try {
          await stopped(['pull', ref], sig, started());
          assert.equal((await on(['images', '-q', ref])).trim(), '', 'no half-pulled image');
        } finally {
          await on(['pull', '-q', ref]);
          await on(['tag', ref, big]);
          await on(['rmi', ref]);
        }
      });
    }
  });
});
