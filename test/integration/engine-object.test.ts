// The one Engine object on each engine of the matrix (Docker 20.10, Docker 28 with the containerd
// store, Podman): its capabilities found at connect, and its operations on the one request layer.
// Everything made here carries imgsh.test=<run id> and is removed by what made it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseRef } from '../../src/domain/images/ref.js';
import { createEngine } from '../../src/engine/engine.js';
import { EngineApiError, ImageNotFoundError } from '../../src/engine/transport/errors.js';
import { CancelledError } from '../../src/engine/transport/op-errors.js';
import { resolveEndpoint } from '../../src/engine/transport/resolve-endpoint.js';
import type { Engine, EngineCapabilities } from '../../src/engine/types.js';
import { TEST_LABEL, docker, setting, testDockerHost, testLabelValue, firstLegOnly } from '../support/engine.js';

const run = testLabelValue();
const userEngine = Boolean(process.env.IMGSH_TEST_DOCKER_HOST) && !process.env.IMGSH_TEST_PROVISIONED;

interface Case {
  name: string;
  host: string | undefined;
  fixture: string;
  expect: Omit<EngineCapabilities, 'apiVersion'>;
}

const cases: Case[] = [
  { name: 'Docker 20.10', host: testDockerHost(), fixture: 'imgsh-fixture/busybox:latest', expect: { product: 'docker', containerdStore: false, buildkit: true, platforms: false } },
  { name: 'Docker 28 (containerd store)', host: setting('IMGSH_TEST_MODERN_HOST'), fixture: 'imgsh-fixture/busybox:latest', expect: { product: 'docker', containerdStore: true, buildkit: true, platforms: true } },
  { name: 'Podman', host: setting('IMGSH_TEST_PODMAN_HOST'), fixture: 'localhost/imgsh-fixture/busybox:latest', expect: { product: 'podman', containerdStore: false, buildkit: false, platforms: false } },
  { name: 'Podman 5', host: setting('IMGSH_TEST_PODMAN5_HOST'), fixture: 'localhost/imgsh-fixture/busybox:latest', expect: { product: 'podman', containerdStore: false, buildkit: false, platforms: false } },
];

for (const c of cases) {
  // a provisioned run has every engine; an engine the user gave comes alone
  const skip = !c.host && userEngine ? `${c.name} is not given (IMGSH_TEST_DOCKER_HOST alone)` : false;
  describe(`the Engine object on ${c.name}`, { skip: firstLegOnly || skip }, () => {
    let engine: Engine;
    const on = (args: string[]) => docker(args, { env: { DOCKER_HOST: c.host ?? '' } });
    const made: string[] = [];
    const connect = () => (engine ??= createEngine(resolveEndpoint({}, { DOCKER_HOST: c.host ?? '' })));

    after(async () => {
      for (const ref of made.reverse()) await on(['rmi', '-f', ref]).catch(() => {});
      engine?.close();
    });

    it('finds its capabilities once, at connect', async () => {
      assert.ok(c.host, `${c.name}: no engine (test/support/provision.sh starts it)`);
      const e = connect();
      const caps = await e.capabilities();
      assert.deepEqual({ ...caps, apiVersion: undefined }, { ...c.expect, apiVersion: undefined });
      assert.match(caps.apiVersion, /^1\.\d+$/);
      assert.equal(e.capabilities(), e.capabilities(), 'asked once: later calls share the answer');
    });

    it('tags, commits and removes through the one object; a missing image is a clear error', async () => {
      const e = connect();
      const tag = `imgsh-test/engine-object:${run.replace(/[^\w.-]/g, '-')}`;
      const tagged = await e.tag(c.fixture, parseRef(tag));
      made.push(tag);
      assert.match(tagged.id, /^sha256:/);
      const listed = await e.listImages({ filters: { reference: [tag] } });
      assert.equal(listed.length, 1, 'the new tag is listed');

      const ctr = (await on(['create', '--label', `${TEST_LABEL}=${run}`, c.fixture, 'true'])).trim();
      try {
        const committed = await e.commit(ctr, `LABEL ${TEST_LABEL}=${run}`);
        made.push(committed);
        assert.equal((await e.inspectImage(committed)).labels[TEST_LABEL], run);
        const removed = await e.remove(committed, { force: false, noPrune: false });
        assert.ok(removed.deleted.length > 0, 'the committed image is deleted');
      } finally {
        await on(['rm', '-f', ctr]).catch(() => {});
      }
      const untagged = await e.remove(tag, { force: false, noPrune: false });
      assert.ok(untagged.untagged.length > 0, 'the tag is untagged');
      await assert.rejects(e.inspectImage(tag), ImageNotFoundError);

      await assert.rejects(e.tag('imgsh-test/no-such-image:nope', parseRef('imgsh-test/x:y')), ImageNotFoundError);
      await assert.rejects(e.remove('imgsh-test/no-such-image:nope', { force: false, noPrune: false }), (err: Error) => err instanceof EngineApiError && /no-such-image/.test(err.message));
    });

    it('builds through the one object, and cancels by its signal: no container left behind', async () => {
      const e = connect();
      const dir = mkdtempSync(join(tmpdir(), 'imgsh-engine-object-'));
      try {
        const labels = { [TEST_LABEL]: run };
        const opts = { dir, dockerfile: '-', tags: [], buildArgs: {}, labels, noCache: true, pull: false };
        const ok = await e.build({ ...opts, dockerfileText: `FROM ${c.fixture}\nRUN echo hi > /hi\n` }, { signal: new AbortController().signal });
        assert.equal(ok.snapshot.failure ?? null, null);
        assert.match(ok.snapshot.imageId ?? '', /^(sha256:)?[0-9a-f]{12,}/);
        made.push(ok.snapshot.imageId!);
        const ctl = new AbortController();
        const slow = e.build({ ...opts, dockerfileText: `FROM ${c.fixture}\nRUN sleep 30\n` }, {
          signal: ctl.signal,
          onText: (t) => /sleep|Running in/.test(t) && setTimeout(() => ctl.abort(), 300),
        });
        const started = Date.now();
        await assert.rejects(slow, CancelledError);
        assert.ok(Date.now() - started < 20_000, 'cancelled, not waited out');
        const left = (await on(['ps', '-aq', '--filter', `label=${TEST_LABEL}=${run}`])).trim();
        assert.equal(left, '', 'the running step\'s container is removed');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
