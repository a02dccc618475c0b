// Reading docker's context store and writing currentContext into config.json, on files laid out
// as the docker CLI lays them out (the integration test proves it against the real CLI).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkContextName, currentContextName, listContexts, useContext } from '../../src/engine/transport/contexts.js';
import { resolveEndpoint } from '../../src/engine/transport/resolve-endpoint.js';

const sha = (name: string) => createHash('sha256').update(name).digest('hex');
const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dockerConfig(contexts: Record<string, { host: string; description?: string }> = {}, config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-ctx-'));
  made.push(dir);
  for (const [name, c] of Object.entries(contexts)) {
    const meta = join(dir, 'contexts', 'meta', sha(name));
    mkdirSync(meta, { recursive: true });
    const metadata = c.description ? { Description: c.description } : {};
    writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: metadata, Endpoints: { docker: { Host: c.host, SkipTLSVerify: false } } }));
  }
  if (config !== undefined) writeFileSync(join(dir, 'config.json'), config);
  return dir;
}

describe('listContexts', () => {
  it('lists default first (the default socket), then the others by name', () => {
    const cfg = dockerConfig({ zeta: { host: 'tcp://z:2375' }, alpha: { host: 'unix:///a.sock', description: 'first' } });
    assert.deepEqual(listContexts({ DOCKER_CONFIG: cfg }), [
      { name: 'default', description: 'Current DOCKER_HOST based configuration', endpoint: 'unix:///var/run/docker.sock', error: '' },
      { name: 'alpha', description: 'first', endpoint: 'unix:///a.sock', error: '' },
      { name: 'zeta', description: '', endpoint: 'tcp://z:2375', error: '' },
    ]);
  });

  it("gives default DOCKER_HOST's endpoint when it is set, and works without a contexts folder", () => {
    const cfg = dockerConfig();
    assert.deepEqual(listContexts({ DOCKER_CONFIG: cfg, DOCKER_HOST: 'tcp://h:2375' }).map((c) => c.endpoint), ['tcp://h:2375']);
  });

  it('reports a broken meta.json in its row instead of failing the list', () => {
    const cfg = dockerConfig({ good: { host: 'unix:///g.sock' } });
    const bad = join(cfg, 'contexts', 'meta', sha('bad'));
    mkdirSync(bad);
    writeFileSync(join(bad, 'meta.json'), '{not json');
    const list = listContexts({ DOCKER_CONFIG: cfg });
    assert.equal(list.length, 3);
    assert.match(list.find((c) => c.error)!.error, /cannot read .*meta\.json/);
  });
});

describe('currentContextName', () => {
  it('follows DOCKER_HOST (default), then DOCKER_CONTEXT, then config.json', () => {
    const cfg = dockerConfig({ two: { host: 'unix:///t.sock' } }, '{"currentContext":"two"}');
    assert.equal(currentContextName({ DOCKER_CONFIG: cfg }), 'two');
    assert.equal(currentContextName({ DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'other' }), 'other');
    assert.equal(currentContextName({ DOCKER_CONFIG: cfg, DOCKER_HOST: 'unix:///h.sock' }), 'default');
    assert.equal(currentContextName({ DOCKER_CONFIG: dockerConfig() }), 'default');
  });
});

describe('useContext', () => {
  it('sets currentContext keeping every other key and the file mode', () => {
    const cfg = dockerConfig({ two: { host: 'unix:///t.sock' } }, JSON.stringify({ auths: { 'r.example': { auth: 'eDp5' } }, psFormat: 'table {{.ID}}' }));
    chmodSync(join(cfg, 'config.json'), 0o640);
    assert.equal(useContext('two', { DOCKER_CONFIG: cfg }), true);
    const written = JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8'));
    assert.deepEqual(written, { auths: { 'r.example': { auth: 'eDp5' } }, psFormat: 'table {{.ID}}', currentContext: 'two' });
    assert.equal(statSync(join(cfg, 'config.json')).mode & 0o777, 0o640);
    assert.equal(resolveEndpoint({}, { DOCKER_CONFIG: cfg }).url, 'unix:///t.sock');
  });

  it('creates config.json with mode 0600 when there is none, and writes nothing when nothing changes', () => {
    const cfg = dockerConfig({ two: { host: 'unix:///t.sock' } });
    assert.equal(useContext('default', { DOCKER_CONFIG: cfg }), false, 'default with no file: nothing to write');
    assert.throws(() => statSync(join(cfg, 'config.json')));
    assert.equal(useContext('two', { DOCKER_CONFIG: cfg }), true);
    assert.equal(statSync(join(cfg, 'config.json')).mode & 0o777, 0o600);
    assert.equal(useContext('two', { DOCKER_CONFIG: cfg }), false);
  });

  it('removes the key for default', () => {
    const cfg = dockerConfig({ two: { host: 'unix:///t.sock' } }, '{"auths":{},"currentContext":"two"}');
    useContext('default', { DOCKER_CONFIG: cfg });
    assert.deepEqual(JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8')), { auths: {} });
  });

  it('refuses an unknown context naming the known ones, and never overwrites a config.json it cannot read', () => {
    const cfg = dockerConfig({ two: { host: 'unix:///t.sock' }, one: { host: 'unix:///o.sock' } }, '{"auths": ');
    assert.throws(() => useContext('nope', { DOCKER_CONFIG: cfg }), /^Error: context "nope" not found: the contexts are default, one, two$/);
    assert.throws(() => checkContextName('bad name', { DOCKER_CONFIG: cfg }), /context name "bad name" is invalid/);
    assert.throws(() => useContext('two', { DOCKER_CONFIG: cfg }), /cannot update .*config\.json: .* fix or remove the file/);
    assert.equal(readFileSync(join(cfg, 'config.json'), 'utf8'), '{"auths": ');
  });
});
