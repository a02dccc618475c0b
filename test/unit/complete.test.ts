import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../commands/index.js';
import { complete } from '../../src/shell/complete.js';
import { pathCandidates } from '../../src/shell/complete-path.js';
import { Registry } from '../../src/shell/registry.js';
import { registryOf } from '../../src/domain/images/ref.js';
import { createRemoteRefs } from '../../src/shell/remote-refs.js';

const registry = new Registry(COMMANDS);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-complete-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'ctx'));
  writeFileSync(join(dir, 'archive.tar'), '');
  writeFileSync(join(dir, 'app.tar'), '');
  writeFileSync(join(dir, '.hidden'), '');
  return dir;
}

test('pathCandidates: names as typed, folders with a slash, dot files only when asked', () => {
  const dir = tree();
  assert.deepEqual(pathCandidates(`${dir}/a`).sort(), [`${dir}/app.tar`, `${dir}/archive.tar`]);
  assert.deepEqual(pathCandidates(`${dir}/c`), [`${dir}/ctx/`]);
  assert.deepEqual(pathCandidates(`${dir}/.h`), [`${dir}/.hidden`]);
  assert.deepEqual(pathCandidates(`${dir}/`).sort(), [`${dir}/app.tar`, `${dir}/archive.tar`, `${dir}/ctx/`]);
  assert.deepEqual(pathCandidates('/no/such/folder/x'), []);
});

test('Tab completes paths for save -o, load -i, build CONTEXT and -f, cp DEST; a folder is not a finished word', () => {
  const dir = tree();
  const refs = () => ['busybox:latest'];
  assert.equal(complete(registry, `save -o ${dir}/arc`, refs).line, `save -o ${dir}/archive.tar `);
  assert.equal(complete(registry, `load -i ${dir}/ap`, refs).line, `load -i ${dir}/app.tar `);
  assert.equal(complete(registry, `build -t x ${dir}/c`, refs).line, `build -t x ${dir}/ctx/`);
  assert.equal(complete(registry, `build -f ${dir}/ar`, refs).line, `build -f ${dir}/archive.tar `);
  assert.equal(complete(registry, `cp busybox:latest:/etc/passwd ${dir}/ct`, refs).line, `cp busybox:latest:/etc/passwd ${dir}/ctx/`);
  // a flag's name still completes as a flag; an image argument still offers references
  assert.deepEqual(complete(registry, 'save --ou', refs).candidates, ['--output']);
  assert.equal(complete(registry, 'save -o x.tar bu', refs).line, 'save -o x.tar busybox:latest ');
});

test('registryOf: a first part with a dot, a port or localhost names a registry', () => {
  assert.equal(registryOf('127.0.0.1:5000/team/app'), '127.0.0.1:5000');
  assert.equal(registryOf('ghcr.io/x'), 'ghcr.io');
  assert.equal(registryOf('localhost/x'), 'localhost');
  assert.equal(registryOf('library/busybox'), null);
  assert.equal(registryOf('busybox'), null);
});

test('pull and tag offer a registry’s repositories after one lookup in the background; a failing registry offers none', async () => {
  const asked: string[] = [];
  const remote = createRemoteRefs(async (host) => {
    asked.push(host);
    if (host === 'down.local:5000') throw new Error('unreachable');
    return [{ name: `${host}/team/app`, tags: ['1', '2'] }];
  });
  const sources = { imageRefs: () => ['busybox:latest'], remoteRefs: remote };
  assert.deepEqual(complete(registry, 'pull 127.0.0.1:5000/te', sources).candidates, []);
  // the lookup answers in the background: wait for its answer, not for a while
  for (let i = 0; i < 1000 && complete(registry, 'pull 127.0.0.1:5000/te', sources).line !== 'pull 127.0.0.1:5000/team/app'; i++) await new Promise((r) => setImmediate(r));
  assert.equal(complete(registry, 'pull 127.0.0.1:5000/te', sources).line, 'pull 127.0.0.1:5000/team/app');
  assert.deepEqual(complete(registry, 'pull 127.0.0.1:5000/team/app:', sources).candidates, ['127.0.0.1:5000/team/app:1', '127.0.0.1:5000/team/app:2']);
  assert.deepEqual(complete(registry, 'tag busybox:latest 127.0.0.1:5000/t', sources).candidates.length, 3);
  assert.deepEqual(asked, ['127.0.0.1:5000'], 'looked up once while fresh');
  complete(registry, 'pull down.local:5000/x', sources);
  // its lookup was asked and has failed (a rejected promise settles within a few turns)
  for (let i = 0; i < 10 || !asked.includes('down.local:5000'); i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(complete(registry, 'pull down.local:5000/x', sources).candidates, []);
  // inspect takes local references only
  assert.deepEqual(complete(registry, 'inspect 127.0.0.1:5000/', sources).candidates, []);
});
