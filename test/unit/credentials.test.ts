// Registry credentials read and written as docker does, with a fake credential helper on PATH.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HUB_SERVER, findKey, registryAuthHeader, type Credentials } from '../../src/domain/registry/registry-auth.js';
import { eraseCredentials, loadCredentials, registryAuthFor, storeCredentials } from '../../src/engine/registry/credentials.js';

const SECRET = 's3cret-PASS/with+chars';
const b64 = (s: string) => Buffer.from(s).toString('base64');

// Keeps one JSON file per server URL; logs each call (action and stdin) for the asserts.
const FAKE_HELPER = `#!/bin/sh
dir="$(dirname "$0")/store"; mkdir -p "$dir"
input=$(cat)
printf '%s %s\\n' "$1" "$input" >> "$(dirname "$0")/calls.log"
if [ -n "$FAKE_FAIL" ]; then echo "failed to store $input"; exit 1; fi
case "$1" in
  get|erase) key=$(printf %s "$input" | md5sum | cut -c1-32) ;;
  store) key=$(printf %s "$input" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p' | tr -d '\\n' | md5sum | cut -c1-32) ;;
esac
case "$1" in
  get) if [ -f "$dir/$key" ]; then cat "$dir/$key"; else echo "credentials not found in native keychain"; exit 1; fi ;;
  store) printf %s "$input" > "$dir/$key" ;;
  erase) rm -f "$dir/$key" ;;
esac
`;

let root: string;
let binDir: string;
const savedPath = process.env.PATH;
let n = 0;

/** A fresh DOCKER_CONFIG directory (not created yet) and its config.json path. */
function configPath(config?: unknown): string {
  const dir = join(root, `config-${++n}`);
  if (config !== undefined) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  return join(dir, 'config.json');
}

function decodeHeader(header: string): Record<string, string> {
  assert.doesNotMatch(header, /[+/]/, 'base64url, not base64');
  return JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'imgsh-creds-'));
  binDir = join(root, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'docker-credential-fake'), FAKE_HELPER);
  chmodSync(join(binDir, 'docker-credential-fake'), 0o755);
  process.env.PATH = `${binDir}:${savedPath}`;
});

after(() => {
  process.env.PATH = savedPath;
  rmSync(root, { recursive: true, force: true });
});

describe('reading auths', () => {
  it('decodes base64 user:password (a password may hold colons)', async () => {
    const path = configPath({ auths: { '127.0.0.1:5056': { auth: b64(`imgsh:${SECRET}:x`) } } });
    assert.deepEqual(await loadCredentials('127.0.0.1:5056', path), { serverAddress: '127.0.0.1:5056', username: 'imgsh', password: `${SECRET}:x` });
    assert.equal(await loadCredentials('127.0.0.1:5055', path), null);
  });

  it('matches keys as docker does: exact, https://host/… forms, Docker Hub v1 URL', async () => {
    const path = configPath({
      auths: { 'https://registry.example.com/v2/': { username: 'u', password: 'p' }, [HUB_SERVER]: { auth: b64('hub:pw') } },
    });
    assert.equal((await loadCredentials('registry.example.com', path))?.username, 'u');
    assert.equal((await loadCredentials('docker.io', path))?.username, 'hub');
    assert.equal(findKey({ 'index.docker.io': 1 }, HUB_SERVER), 'index.docker.io');
    assert.equal(findKey({ 'https://other.example.com': 1 }, 'registry.example.com'), undefined);
  });

  it('reads identity tokens', async () => {
    const path = configPath({ auths: { 'r.example.com': { identitytoken: 'tok' } } });
    const creds = (await loadCredentials('r.example.com', path))!;
    assert.deepEqual(decodeHeader(registryAuthHeader(creds)), { identitytoken: 'tok', serveraddress: 'r.example.com' });
  });

  it('no file or an empty one means no credentials; bad JSON names the file', async () => {
    assert.equal(await loadCredentials('docker.io', configPath()), null);
    assert.equal(await loadCredentials('docker.io', configPath('')), null);
    const bad = configPath('{oops');
    await assert.rejects(loadCredentials('docker.io', bad), (e: Error) => e.message.includes(bad) && /not a JSON object/.test(e.message));
  });
});

describe('X-Registry-Auth', () => {
  it('is base64url JSON with username, password and server address', async () => {
    const c: Credentials = { serverAddress: '127.0.0.1:5056', username: 'imgsh', password: '>>>???' };
    assert.deepEqual(decodeHeader(registryAuthHeader(c)), { username: 'imgsh', password: '>>>???', serveraddress: '127.0.0.1:5056' });
    const path = configPath({ auths: { [HUB_SERVER]: { auth: b64('me:pw') } } });
    assert.equal(decodeHeader((await registryAuthFor('docker.io', path))!).serveraddress, HUB_SERVER);
    assert.equal(await registryAuthFor('127.0.0.1:5055', path), null);
  });
});

describe('writing', () => {
  it('stores base64 in auths, 0600 in a new 0700 directory, other keys kept', async () => {
    const fresh = configPath();
    assert.equal(await storeCredentials('127.0.0.1:5056', { username: 'imgsh', secret: SECRET }, fresh), 'file');
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
    assert.equal(statSync(join(fresh, '..')).mode & 0o777, 0o700);

    const kept = configPath({ currentContext: 'x', auths: { 'https://127.0.0.1:5056': { auth: b64('old:old') }, 'other.io': { auth: b64('o:o') } } });
    await storeCredentials('127.0.0.1:5056', { username: 'imgsh', secret: SECRET }, kept);
    const written = JSON.parse(readFileSync(kept, 'utf8'));
    assert.equal(written.currentContext, 'x');
    assert.deepEqual(Object.keys(written.auths).sort(), ['127.0.0.1:5056', 'other.io']);
    assert.equal(Buffer.from(written.auths['127.0.0.1:5056'].auth, 'base64').toString(), `imgsh:${SECRET}`);
    assert.equal(statSync(kept).mode & 0o777, 0o600);

    assert.equal(await eraseCredentials('127.0.0.1:5056', kept), true);
    assert.equal(await eraseCredentials('127.0.0.1:5056', kept), false);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(kept, 'utf8')).auths), ['other.io']);
  });
});

describe('credential helpers', () => {
  it('credsStore: store, get (server URL on stdin), erase; config.json keeps no secret', async () => {
    const path = configPath({ credsStore: 'fake' });
    assert.equal(await storeCredentials('127.0.0.1:5056', { username: 'imgsh', secret: SECRET }, path), 'helper');
    const config = readFileSync(path, 'utf8');
    assert.ok(!config.includes(SECRET) && !config.includes(b64(`imgsh:${SECRET}`)), config);
    assert.deepEqual(JSON.parse(config).auths, { '127.0.0.1:5056': {} });
    assert.deepEqual(await loadCredentials('127.0.0.1:5056', path), { serverAddress: '127.0.0.1:5056', username: 'imgsh', password: SECRET });
    const calls = readFileSync(join(binDir, 'calls.log'), 'utf8');
    assert.match(calls, /^get 127\.0\.0\.1:5056$/m);
    assert.equal(await loadCredentials('127.0.0.1:5055', path), null, 'credentials not found → none');
    await eraseCredentials('127.0.0.1:5056', path);
    assert.equal(await loadCredentials('127.0.0.1:5056', path), null);
  });

  it('credHelpers for a host beats credsStore; Docker Hub goes by its v1 URL', async () => {
    const path = configPath({ credsStore: 'missing', credHelpers: { 'registry.example.com': 'fake', [HUB_SERVER]: 'fake' } });
    await storeCredentials('registry.example.com', { username: 'u', secret: SECRET }, path);
    assert.equal((await loadCredentials('registry.example.com', path))?.password, SECRET);
    await storeCredentials('docker.io', { username: 'hub', secret: 'tok', token: true }, path);
    assert.deepEqual(await loadCredentials('docker.io', path), { serverAddress: HUB_SERVER, identityToken: 'tok' });
  });

  it('a missing helper gets a clear message', async () => {
    const path = configPath({ credsStore: 'nope' });
    await assert.rejects(loadCredentials('127.0.0.1:5056', path), /docker-credential-nope \(named in .*config\.json\) is not on PATH: install it, or remove it from the config/);
  });

  it('a failing helper never puts the secret in the error', async () => {
    const path = configPath({ credsStore: 'fake' });
    process.env.FAKE_FAIL = '1';
    try {
      await assert.rejects(storeCredentials('127.0.0.1:5056', { username: 'imgsh', secret: SECRET }, path), (e: Error) => {
        assert.match(e.message, /docker-credential-fake store failed/);
        assert.ok(!e.message.includes(SECRET), e.message);
        return true;
      });
    } finally {
      delete process.env.FAKE_FAIL;
    }
  });
});
