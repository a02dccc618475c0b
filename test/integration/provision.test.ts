import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTH_REGISTRY_PASSWORD,
  AUTH_REGISTRY_USER,
  TEST_LABEL,
  cleanup,
  docker,
  fixtureRef,
  makeTestImage,
  testAuthRegistry,
  testLabelValue,
  testRegistry,
} from '../support/engine.js';

after(cleanup);

test('the test engine answers', async () => {
  const version = (await docker(['version', '--format', '{{.Server.APIVersion}}'])).trim();
  assert.match(version, /^1\.\d+$/);
});

test('the fixture image exists with its label', async () => {
  const labels = JSON.parse(await docker(['image', 'inspect', '-f', '{{json .Config.Labels}}', fixtureRef()]));
  assert.equal(labels['imgsh.fixture'], 'busybox');
});

test('the registry answers and takes a push', { skip: !testRegistry() && 'no IMGSH_TEST_REGISTRY' }, async () => {
  const registry = testRegistry()!;
  const res = await fetch(`http://${registry}/v2/`);
  assert.equal(res.status, 200);
  const ref = `${registry}/imgsh-test/provision:${testLabelValue()}`;
  await makeTestImage(ref);
  await docker(['push', ref]);
  const list = await fetch(`http://${registry}/v2/imgsh-test/provision/tags/list`);
  const tags = (await list.json()) as { tags: string[] };
  assert.ok(tags.tags.includes(testLabelValue()));
});

test('the auth registry wants credentials', { skip: !testAuthRegistry() && 'no IMGSH_TEST_AUTH_REGISTRY' }, async () => {
  const registry = testAuthRegistry()!;
  assert.equal((await fetch(`http://${registry}/v2/`)).status, 401);
  const basic = Buffer.from(`${AUTH_REGISTRY_USER}:${AUTH_REGISTRY_PASSWORD}`).toString('base64');
  assert.equal((await fetch(`http://${registry}/v2/`, { headers: { authorization: `Basic ${basic}` } })).status, 200);
  await docker(['login', '-u', AUTH_REGISTRY_USER, '--password-stdin', registry], { input: AUTH_REGISTRY_PASSWORD });
});

test('makeTestImage and cleanup leave nothing of the run behind', async () => {
  const fixtureId = (await docker(['image', 'inspect', '-f', '{{.Id}}', fixtureRef()])).trim();
  const base = await makeTestImage(`imgsh-test/base:${testLabelValue()}`, {
    files: { '/etc/greeting': 'hello\n' },
    labels: { 'org.example.kind': 'base' },
  });
  // A child of a test image, a second tag and a container all have to go too.
  await docker(['tag', base, `imgsh-test/alias:${testLabelValue()}`]);
  const child = await makeTestImage(`imgsh-test/child:${testLabelValue()}`, {
    from: base,
    steps: ['RUN cat /etc/greeting > /copy'],
  });
  await docker(['create', child]);

  const filter = `label=${TEST_LABEL}=${testLabelValue()}`;
  const greeting = await docker(['run', '--rm', `imgsh-test/base:${testLabelValue()}`, 'cat', '/etc/greeting']);
  assert.equal(greeting, 'hello\n');
  const labels = JSON.parse(await docker(['image', 'inspect', '-f', '{{json .Config.Labels}}', base]));
  assert.equal(labels['org.example.kind'], 'base');
  assert.equal(labels[TEST_LABEL], testLabelValue());

  await cleanup();
  assert.equal(await docker(['ps', '-aq', '--filter', filter]), '');
  assert.equal(await docker(['images', '-aq', '--filter', filter]), '');
  await assert.rejects(docker(['image', 'inspect', base]));
  await assert.rejects(docker(['image', 'inspect', child]));
  assert.equal((await docker(['image', 'inspect', '-f', '{{.Id}}', fixtureRef()])).trim(), fixtureId);
});

test('a download of the engines\' packages that fails is one line naming the packages and the mirror', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'imgsh-sid-'));
  try {
    // sid-debs.sh as provision-modern.sh and provision-podman5.sh use it, with a mirror nobody answers at
    const script = `set -e; R=${root}; step=download; SID_APT_RETRIES=0; die() { echo "provision-modern: error: $step: $*" >&2; exit 1; }
      . test/support/sid-debs.sh; sid_mirror() { echo http://127.0.0.1:9/debian; }; sid_fetch "$R/debs" docker.io containerd`;
    const r = (() => {
      try {
        execFileSync('bash', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { code: 0, stderr: '' };
      } catch (e) {
        return { code: (e as { status: number }).status, stderr: String((e as { stderr: string }).stderr) };
      }
    })();
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^provision-modern: error: download: cannot download docker\.io containerd from http:\/\/127\.0\.0\.1:9\/debian sid: apt-get update failed: W: Failed to fetch .*Could not connect .*\(log: .*apt\.log\)$/m);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
