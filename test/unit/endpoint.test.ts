import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Endpoint } from '../../src/domain/connection/endpoint.js';
import { resolveEndpoint } from '../../src/engine/transport/resolve-endpoint.js';

const root = mkdtempSync(join(tmpdir(), 'imgsh-endpoint-'));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh DOCKER_CONFIG folder with an optional config.json and contexts. */
function configDir(opts: { current?: string; contexts?: Record<string, object>; tls?: Record<string, string[]> } = {}) {
  const dir = join(root, `cfg${n++}`);
  mkdirSync(dir, { recursive: true });
  if (opts.current !== undefined) writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: opts.current }));
  for (const [name, endpoint] of Object.entries(opts.contexts ?? {})) {
    const meta = join(dir, 'contexts', 'meta', sha(name));
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: endpoint } }));
  }
  for (const [name, files] of Object.entries(opts.tls ?? {})) {
    const tls = join(dir, 'contexts', 'tls', sha(name), 'docker');
    mkdirSync(tls, { recursive: true });
    for (const f of files) writeFileSync(join(tls, f), `${f} of ${name}`);
  }
  return dir;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function pemDir(files: string[]): string {
  const dir = join(root, `pem${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f), `-----${f}-----`);
  return dir;
}

const empty = () => ({ DOCKER_CONFIG: configDir(), HOME: root });

describe('resolveEndpoint', () => {
  it('falls back to the default socket', () => {
    const ep = resolveEndpoint({}, empty());
    assert.deepEqual(ep, { kind: 'unix', path: '/var/run/docker.sock', url: 'unix:///var/run/docker.sock', source: { from: 'default' } });
  });

  it('takes --host first, over DOCKER_HOST and contexts', () => {
    const env = { ...empty(), DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'nope' };
    const ep = resolveEndpoint({ host: 'unix:///flag.sock' }, env);
    assert.equal(ep.kind === 'unix' && ep.path, '/flag.sock');
    assert.deepEqual(ep.source, { from: 'flag' });
  });

  it('refuses --host together with --context', () => {
    assert.throws(() => resolveEndpoint({ host: 'unix:///a', context: 'b' }, empty()), /either --host or --context/);
  });

  it('reads DOCKER_HOST: unix, tcp, bare host:port and ssh', () => {
    const unix = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'unix:///run/x.sock' });
    assert.deepEqual(unix.source, { from: 'DOCKER_HOST' });
    assert.equal(unix.kind === 'unix' && unix.path, '/run/x.sock');

    const tcp = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'tcp://10.1.2.3:2375' });
    assert.ok(tcp.kind === 'tcp');
    assert.equal(tcp.host, '10.1.2.3');
    assert.equal(tcp.port, 2375);
    assert.equal(tcp.tls, null);

    const bare = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'example.org:1234' });
    assert.ok(bare.kind === 'tcp' && bare.host === 'example.org' && bare.port === 1234);

    const ssh = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'ssh://me@box:2222' });
    assert.deepEqual(ssh, { kind: 'ssh', user: 'me', host: 'box', port: 2222, socket: null, url: 'ssh://me@box:2222', source: { from: 'DOCKER_HOST' } });
  });

  it('reads the remote socket after an ssh host, as docker 23+ does', () => {
    const withPath = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'ssh://me@box:2222/run/user/1000/docker.sock' });
    assert.ok(withPath.kind === 'ssh');
    assert.equal(withPath.socket, '/run/user/1000/docker.sock');
    assert.equal(withPath.host, 'box');
    assert.equal(withPath.url, 'ssh://me@box:2222/run/user/1000/docker.sock', 'shown as given');
    const slash = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'ssh://box/' });
    assert.ok(slash.kind === 'ssh' && slash.socket === null, 'a bare slash is no socket');
    const spaced = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'ssh://box/tmp/my%20engine.sock' });
    assert.ok(spaced.kind === 'ssh' && spaced.socket === '/tmp/my engine.sock');
  });

  it('rejects a bad DOCKER_HOST with advice', () => {
    assert.throws(() => resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'ftp://x' }), /tcp:\/\/HOST:PORT/);
  });

  it('builds TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const certs = pemDir(['ca.pem', 'cert.pem', 'key.pem']);
    const ep = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    assert.ok(ep.kind === 'tcp');
    assert.equal(ep.port, 2376);
    assert.deepEqual(ep.tls, { ca: join(certs, 'ca.pem'), cert: join(certs, 'cert.pem'), key: join(certs, 'key.pem'), verify: true });
  });

  it('takes certificates from DOCKER_CONFIG when DOCKER_CERT_PATH is unset, leaving missing ones null', () => {
    const cfg = configDir();
    writeFileSync(join(cfg, 'ca.pem'), 'ca');
    const ep = resolveEndpoint({}, { DOCKER_CONFIG: cfg, DOCKER_HOST: 'tcp://h:1', DOCKER_TLS_VERIFY: '1' });
    assert.ok(ep.kind === 'tcp');
    assert.deepEqual(ep.tls, { ca: join(cfg, 'ca.pem'), cert: null, key: null, verify: true });
  });

  it('uses ~/.docker when DOCKER_CONFIG is unset', () => {
    const home = join(root, `home${n++}`);
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(join(home, '.docker', 'cert.pem'), 'c');
    const ep = resolveEndpoint({}, { HOME: home, DOCKER_HOST: 'tcp://h:1', DOCKER_TLS_VERIFY: '1' });
    assert.ok(ep.kind === 'tcp' && ep.tls);
    assert.equal(ep.tls.cert, join(home, '.docker', 'cert.pem'));
  });

  it('DOCKER_TLS alone means TLS without verification; no TLS variable means plain tcp', () => {
    const certs = pemDir(['ca.pem']);
    const tls = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'tcp://h:1', DOCKER_TLS: '1', DOCKER_CERT_PATH: certs });
    assert.ok(tls.kind === 'tcp' && tls.tls);
    assert.equal(tls.tls.verify, false);
    const plain = resolveEndpoint({}, { ...empty(), DOCKER_HOST: 'tcp://h:1', DOCKER_CERT_PATH: certs });
    assert.ok(plain.kind === 'tcp' && plain.tls === null);
  });

  it('applies the TLS variables to --host too, but never to unix sockets', () => {
    const env = { ...empty(), DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: pemDir([]) };
    const tcp = resolveEndpoint({ host: 'tcp://h:1' }, env);
    assert.ok(tcp.kind === 'tcp' && tcp.tls?.verify === true);
    const unix = resolveEndpoint({ host: 'unix:///s' }, env);
    assert.equal(unix.kind, 'unix');
  });

  it('uses --context, DOCKER_CONTEXT and currentContext, in that order', () => {
    const cfg = configDir({
      current: 'cur',
      contexts: { flag: { Host: 'unix:///flag.sock' }, env: { Host: 'unix:///env.sock' }, cur: { Host: 'unix:///cur.sock' } },
    });
    const path = (ep: Endpoint) => (ep.kind === 'unix' ? ep.path : ep.url);
    const env = { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'env' };
    assert.equal(path(resolveEndpoint({ context: 'flag' }, env)), '/flag.sock');
    assert.deepEqual(resolveEndpoint({ context: 'flag' }, env).source, { from: 'context', name: 'flag' });
    assert.equal(path(resolveEndpoint({}, env)), '/env.sock');
    assert.equal(path(resolveEndpoint({}, { DOCKER_CONFIG: cfg })), '/cur.sock');
    assert.deepEqual(resolveEndpoint({}, { DOCKER_CONFIG: cfg }).source, { from: 'context', name: 'cur' });
  });

  it('lets --context beat DOCKER_HOST, and DOCKER_HOST beat DOCKER_CONTEXT and currentContext', () => {
    const cfg = configDir({ current: 'cur', contexts: { cur: { Host: 'unix:///cur.sock' }, x: { Host: 'unix:///x.sock' } } });
    const env = { DOCKER_CONFIG: cfg, DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'x' };
    assert.deepEqual(resolveEndpoint({ context: 'x' }, env).source, { from: 'context', name: 'x' });
    const ep = resolveEndpoint({}, env);
    assert.deepEqual(ep.source, { from: 'DOCKER_HOST' });
  });

  it('reads context "default" as DOCKER_HOST or the default socket', () => {
    const cfg = configDir({ current: 'default' });
    assert.deepEqual(resolveEndpoint({}, { DOCKER_CONFIG: cfg }).source, { from: 'default' });
    assert.deepEqual(resolveEndpoint({ context: 'default' }, { DOCKER_CONFIG: cfg }).source, { from: 'default' });
    const withHost = resolveEndpoint({ context: 'default' }, { DOCKER_CONFIG: cfg, DOCKER_HOST: 'unix:///h.sock' });
    assert.deepEqual(withHost.source, { from: 'DOCKER_HOST' });
  });

  it('says how to list contexts when one is unknown', () => {
    const cfg = configDir({ current: 'gone' });
    assert.throws(() => resolveEndpoint({}, { DOCKER_CONFIG: cfg }), /context "gone" not found: list them with `imgsh context ls`/);
    assert.throws(() => resolveEndpoint({ context: 'nope' }, { DOCKER_CONFIG: cfg }), /context "nope" not found/);
  });

  it('ignores a broken config.json, as docker does', () => {
    const cfg = configDir();
    writeFileSync(join(cfg, 'config.json'), '{not json');
    assert.deepEqual(resolveEndpoint({}, { DOCKER_CONFIG: cfg }).source, { from: 'default' });
  });

  it('reads a tcp context with its TLS files and SkipTLSVerify', () => {
    const cfg = configDir({
      contexts: {
        secure: { Host: 'tcp://remote:2376', SkipTLSVerify: false },
        loose: { Host: 'tcp://remote:2376', SkipTLSVerify: true },
        plain: { Host: 'tcp://remote:2375' },
      },
      tls: { secure: ['ca.pem', 'cert.pem', 'key.pem'] },
    });
    const dir = join(cfg, 'contexts', 'tls', sha('secure'), 'docker');
    const secure = resolveEndpoint({ context: 'secure' }, { DOCKER_CONFIG: cfg });
    assert.ok(secure.kind === 'tcp');
    assert.deepEqual(secure.tls, { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), verify: true });
    const loose = resolveEndpoint({ context: 'loose' }, { DOCKER_CONFIG: cfg });
    assert.ok(loose.kind === 'tcp');
    assert.deepEqual(loose.tls, { ca: null, cert: null, key: null, verify: false });
    const plain = resolveEndpoint({ context: 'plain' }, { DOCKER_CONFIG: cfg });
    assert.ok(plain.kind === 'tcp' && plain.tls === null);
  });

  it('reads an ssh context', () => {
    const cfg = configDir({ contexts: { far: { Host: 'ssh://ops@far.example' } } });
    const ep = resolveEndpoint({ context: 'far' }, { DOCKER_CONFIG: cfg });
    assert.ok(ep.kind === 'ssh' && ep.user === 'ops' && ep.host === 'far.example' && ep.port === null);
  });

  it('explains a context without a docker endpoint', () => {
    const cfg = configDir();
    const meta = join(cfg, 'contexts', 'meta', sha('k8s'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: 'k8s', Endpoints: {} }));
    assert.throws(() => resolveEndpoint({ context: 'k8s' }, { DOCKER_CONFIG: cfg }), /context "k8s" has no docker endpoint/);
  });
});
