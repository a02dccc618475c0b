// Tab in the pull prompt offers what the loopback registry holds: its catalog, looked up for real.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from '../../commands/index.js';
import { loadCredentials } from '../../src/engine/registry/credentials.js';
import { searchRegistry } from '../../src/engine/registry/registry-search.js';
import { complete } from '../../src/shell/complete.js';
import { Registry } from '../../src/shell/registry.js';
import { createRemoteRefs, REMOTE_REFS_LIMIT } from '../../src/shell/remote-refs.js';
import { docker, fixtureRef, testLabelValue, testRegistry } from '../support/engine.js';

const host = testRegistry();
const repo = `imgsh-complete/${testLabelValue()}`;
const ref = `${host}/${repo}:1`;
const skip = host ? false : 'no loopback registry on this test engine';

before(async () => {
  if (skip) return;
  await docker(['tag', fixtureRef(), ref]);
  await docker(['push', ref]);
});
after(async () => {
  if (!skip) await docker(['rmi', ref]).catch(() => {});
});

it('pull 127.0.0.1:PORT/… completes from the registry catalog on the next Tab', { skip }, async () => {
  const remote = createRemoteRefs(async (h, signal) => searchRegistry(h, '', { limit: REMOTE_REFS_LIMIT, credentials: await loadCredentials(h), signal }));
  const sources = { imageRefs: () => [], remoteRefs: remote };
  const registry = new Registry(COMMANDS);
  const line = `pull ${host}/imgsh-complete/`;
  complete(registry, line, sources); // the first Tab starts the lookup
  let candidates: string[] = [];
  for (let i = 0; i < 50 && !candidates.includes(ref); i++) {
    await new Promise((r) => setTimeout(r, 100));
    candidates = complete(registry, line, sources).candidates;
  }
  assert.ok(candidates.includes(`${host}/${repo}`), candidates.join(', '));
  assert.ok(candidates.includes(ref), candidates.join(', '));
});
