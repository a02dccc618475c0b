// Fault: credentials under a killed writer, concurrent writers and failed logins. The file that
// holds them is 0600 in a 0700 folder, replaced whole (never read half-written), and the secret
// is never in what imgsh prints or in any process's command line or environment.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AUTH_REGISTRY_PASSWORD, AUTH_REGISTRY_USER, testAuthRegistry, testEnv } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { REPO_ROOT } from '../support/tmux.js';

const registry = testAuthRegistry();
const b64 = (text: string) => Buffer.from(text).toString('base64');
const mode = (path: string) => statSync(path).mode & 0o777;

/** Every process's command line and environment, for a secret that must not be there. */
function processTexts(): string[] {
  const texts: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    for (const part of ['cmdline', 'environ']) {
      try {
        texts.push(readFileSync(`/proc/${pid}/${part}`, 'latin1'));
      } catch {
        // gone, or not ours to read
      }
    }
  }
  return texts;
}

describe('credentials', { skip: registry ? false : 'no auth registry (run test/support/provision.sh)' }, () => {
  const root = mkdtempSync(join(tmpdir(), 'imgsh-fault-cred-'));
  let n = 0;
  const newConfigDir = () => join(root, `config-${++n}`);
  const login = (config: string, password = AUTH_REGISTRY_PASSWORD) =>
    runImgsh(['login', registry!, '-u', AUTH_REGISTRY_USER, '--password-stdin'], { input: `${password}\n`, env: { DOCKER_CONFIG: config } });
  /** Starts a login and leaves it running (for a kill). */
  const startLogin = (config: string) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/imgsh.js'), 'login', registry!, '-u', AUTH_REGISTRY_USER, '--password-stdin'], {
      cwd: REPO_ROOT,
      env: testEnv({ DOCKER_CONFIG: config }),
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.on('error', () => {});
    child.stdin.end(`${AUTH_REGISTRY_PASSWORD}\n`);
    const closed = new Promise((r) => child.on('close', r));
    return { kill: () => child.kill('SIGKILL'), closed };
  };
  const otherKeys = { auths: { 'other.example:5000': { auth: b64('someone:else') } }, psFormat: 'table {{.ID}}' };

  after(() => rmSync(root, { recursive: true, force: true }));

  it('login: 0600 in a new 0700 folder, nothing else there, the secret in no output and no process', async () => {
    const config = newConfigDir();
    let sampling = true;
    let seen = '';
    const sampler = (async () => {
      while (sampling) {
        const hit = processTexts().find((t) => t.includes(AUTH_REGISTRY_PASSWORD) || t.includes(b64(`${AUTH_REGISTRY_USER}:${AUTH_REGISTRY_PASSWORD}`)));
        if (hit) seen = hit.replace(/\0/g, ' ').slice(0, 200);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const r = await login(config);
    sampling = false;
    await sampler;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(seen, '', `the secret was in a process's command line or environment: ${seen}`);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(AUTH_REGISTRY_PASSWORD), r.stdout + r.stderr);
    assert.equal(mode(config), 0o700);
    assert.deepEqual(readdirSync(config), ['config.json']);
    assert.equal(mode(join(config, 'config.json')), 0o600);
  });

  it('a wrong password: one line without it, the file byte for byte as it was', async () => {
    const config = newConfigDir();
    assert.equal((await login(config)).code, 0);
    const before = readFileSync(join(config, 'config.json'));
    const wrong = 'wrong-secret-f00d';
    const r = await login(config, wrong);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!r.stderr.includes(wrong) && !r.stderr.includes(b64(`${AUTH_REGISTRY_USER}:${wrong}`)), r.stderr);
    assert.deepEqual(readFileSync(join(config, 'config.json')), before);
  });

  it('a pull with a stored wrong password: the error does not quote it', async () => {
    const config = newConfigDir();
    const wrong = 'stored-wrong-beef';
    assert.equal((await login(config)).code, 0);
    writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [registry!]: { auth: b64(`${AUTH_REGISTRY_USER}:${wrong}`) } } }), { mode: 0o600 });
    const r = await runImgsh(['pull', `${registry}/imgsh-fault/none:x`], { env: { DOCKER_CONFIG: config } });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!r.stderr.includes(wrong) && !r.stderr.includes(b64(`${AUTH_REGISTRY_USER}:${wrong}`)), r.stderr);
  });

  it('logins killed at any moment: the file is always whole, other keys kept, every file 0600; a later login clears the leftovers', async () => {
    const config = newConfigDir();
    assert.equal((await login(config)).code, 0);
    const file = join(config, 'config.json');
    writeFileSync(file, JSON.stringify({ ...otherKeys, auths: { ...otherKeys.auths, ...JSON.parse(readFileSync(file, 'utf8')).auths } }), { mode: 0o600 });
    for (let i = 0; i < 12; i++) {
      const child = startLogin(config);
      // spread the kills over a login's whole run (about 150–400 ms here)
      await new Promise((r) => setTimeout(r, 30 * i));
      child.kill();
      await child.closed;
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { auths: Record<string, unknown>; psFormat: string };
      assert.equal(parsed.psFormat, otherKeys.psFormat, 'other keys kept');
      assert.ok(parsed.auths[registry!] && parsed.auths['other.example:5000'], JSON.stringify(Object.keys(parsed.auths)));
      for (const f of readdirSync(config)) assert.equal(mode(join(config, f)), 0o600, `${f} is readable by others`);
    }
    // what a writer killed between its write and its rename leaves (pid 2^22+1 is never alive)
    writeFileSync(join(config, `config.json.${2 ** 22 + 1}.tmp`), '{"auths":{}}', { mode: 0o600 });
    assert.equal((await login(config)).code, 0);
    assert.deepEqual(readdirSync(config), ['config.json'], 'no temporary file left once its writer is gone');
  });

  it('ten logins at once while another process reads: every read is whole JSON', async () => {
    const config = newConfigDir();
    assert.equal((await login(config)).code, 0);
    const file = join(config, 'config.json');
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        JSON.parse(readFileSync(file, 'utf8'));
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const results = await Promise.all(Array.from({ length: 10 }, () => login(config)));
    reading = false;
    await reader;
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.ok(reads > 10, `only ${reads} reads`);
    assert.deepEqual(readdirSync(config), ['config.json']);
    assert.equal(mode(file), 0o600);
  });
});
