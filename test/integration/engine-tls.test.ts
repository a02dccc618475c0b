// tcp:// with TLS for real: the second test engine listens on 127.0.0.1 with --tlsverify and
// certificates provision.sh made (a CA, the server's, a client's, and a client that trusts
// another CA). Good certificates work — from DOCKER_* variables and from a docker context —
// and each kind of certificate problem gets its own one-line message.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { docker, fixtureRef, testLabelValue, firstLegOnly } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { secondEngine, skipTls, tlsCerts, tlsHost, tlsWrongCa } from '../support/remote.js';

const run = testLabelValue();
const onlySecond = `imgsh-test/tls-second:${run}`;
const onlyFirst = `imgsh-test/tls-first:${run}`;
const onSecond = { env: { DOCKER_HOST: secondEngine! } };
const overTls = (env: Record<string, string>, args = ['images', '--json']) =>
  runImgsh(args, { env: { DOCKER_HOST: tlsHost!, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', ...env } });
const refs = (json: string) => (JSON.parse(json) as { repository: string; tag: string }[]).map((i) => `${i.repository}:${i.tag}`);
const failsWith = (r: { code: number | null; stderr: string }, re: RegExp) => {
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, re);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line:\n${r.stderr}`);
};

describe('engine over tcp:// with TLS', { skip: firstLegOnly || skipTls }, () => {
  const config = mkdtempSync(join(tmpdir(), 'imgsh-tls-config-'));
  before(async () => {
    await docker(['tag', fixtureRef(), onlySecond], onSecond);
    await docker(['tag', fixtureRef(), onlyFirst]);
  });
  after(async () => {
    await docker(['rmi', onlySecond], onSecond).catch(() => '');
    await docker(['rmi', onlyFirst]).catch(() => '');
    rmSync(config, { recursive: true, force: true });
  });

  it('good certificates (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) reach the second engine', async () => {
    const r = await overTls({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tlsCerts! });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(refs(r.stdout).includes(onlySecond));
    assert.ok(!refs(r.stdout).includes(onlyFirst), 'the first engine is not the one answering');
  });

  it('a docker context with TLS (made by the docker CLI) works too', async () => {
    const files = `ca=${tlsCerts}/ca.pem,cert=${tlsCerts}/cert.pem,key=${tlsCerts}/key.pem`;
    await docker(['context', 'create', 'imgsh-tls', '--docker', `host=${tlsHost},${files}`], { env: { DOCKER_CONFIG: config } });
    const r = await runImgsh(['--context', 'imgsh-tls', 'images', '--json'], { env: { DOCKER_CONFIG: config, DOCKER_HOST: '' } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(refs(r.stdout).includes(onlySecond));
  });

  it('a CA that did not sign the engine certificate: says so and names the ca.pem', async () => {
    const r = await overTls({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tlsWrongCa! });
    failsWith(r, new RegExp(`certificate is not signed by the CA we trust .*have: ${tlsWrongCa}/ca\\.pem`));
  });

  it('no client certificate: the engine refused it, and which files are missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgsh-tls-ca-only-'));
    await docker(['version'], onSecond); // the engine is up, so the failure is the certificate's
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(tlsCerts!, 'ca.pem'), join(dir, 'ca.pem'));
    try {
      failsWith(await overTls({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir }), /engine refused our client certificate .*no cert\.pem/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('plain HTTP to the TLS port: says to turn TLS on', async () => {
    failsWith(await overTls({}), /the engine speaks TLS there — set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH/);
  });

  it('a name the certificate does not list: says so', async () => {
    const byName = { DOCKER_HOST: tlsHost!.replace('127.0.0.1', 'localhost'), DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tlsCerts! };
    failsWith(await overTls(byName), /certificate is not for this address/);
  });
});
