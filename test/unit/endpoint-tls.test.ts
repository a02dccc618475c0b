// TLS: options built from PEM files, and a real node:https "engine" on 127.0.0.1 that checks
// client certificates, with certificates made by openssl (skipped without it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { EngineUnreachableError } from '../../src/engine/transport/errors.js';
import { createHttpClient } from '../../src/engine/transport/http.js';
import { tlsOptions } from '../../src/engine/transport/transport.js';

describe('tlsOptions', () => {
  it('reads the PEM files named in the endpoint and carries the verify flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgsh-pem-'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `-----${f}-----`);
    const opts = tlsOptions({ ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), verify: true });
    assert.equal(opts.ca?.toString(), '-----ca.pem-----');
    assert.equal(opts.cert?.toString(), '-----cert.pem-----');
    assert.equal(opts.key?.toString(), '-----key.pem-----');
    assert.equal(opts.rejectUnauthorized, true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves out files that are not there and turns verification off', () => {
    const opts = tlsOptions({ ca: null, cert: null, key: null, verify: false });
    assert.deepEqual(opts, { rejectUnauthorized: false });
  });
});

function makeCerts(at: string): boolean {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: at, stdio: 'ignore' });
  try {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=test-ca', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
    for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1'], ['client', 'extendedKeyUsage=clientAuth']]) {
      run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`);
      writeFileSync(join(at, `${name}.ext`), `${ext}\n`);
      run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
    }
    return true;
  } catch {
    return false;
  }
}

const certDir = mkdtempSync(join(tmpdir(), 'imgsh-tls-'));
const haveCerts = makeCerts(certDir);
after(() => rmSync(certDir, { recursive: true, force: true }));

describe('getJson over TLS', { skip: !haveCerts && 'openssl failed or is missing' }, () => {
  let tlsServer: https.Server;
  let port = 0;
  const pem = (f: string) => join(certDir, f);
  before(async () => {
    tlsServer = https.createServer(
      { ca: readFileSync(pem('ca.pem')), cert: readFileSync(pem('server.pem')), key: readFileSync(pem('server-key.pem')), requestCert: true, rejectUnauthorized: true },
      (_req, res) => res.end('{"ok":true}'),
    );
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    port = (tlsServer.address() as AddressInfo).port;
  });
  after(() => tlsServer.close());

  const tcp = (tls: Parameters<typeof parseHostUrl>[2]) => parseHostUrl(`tcp://127.0.0.1:${port}`, { from: 'flag' }, tls);

  it('talks to an engine that checks client certificates', async () => {
    const c = createHttpClient(tcp({ ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client-key.pem'), verify: true }));
    assert.deepEqual(await c.getJson('/version'), { ok: true });
    c.close();
  });

  it('refuses an engine whose certificate it cannot verify', async () => {
    const c = createHttpClient(tcp({ ca: null, cert: pem('client.pem'), key: pem('client-key.pem'), verify: true }));
    await assert.rejects(c.getJson('/version'), (e) => e instanceof EngineUnreachableError && /certificate is not signed by the CA we trust .*no ca\.pem in DOCKER_CERT_PATH/.test(e.message));
    c.close();
  });

  it('accepts it when verification is off', async () => {
    const c = createHttpClient(tcp({ ca: null, cert: pem('client.pem'), key: pem('client-key.pem'), verify: false }));
    assert.deepEqual(await c.getJson('/version'), { ok: true });
    c.close();
  });
});
