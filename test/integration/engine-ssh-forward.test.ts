// ssh:// with the engine's socket in the URL (ssh://imgsh-test-ssh/…/docker.sock): one ssh login
// forwards the remote socket to a private local one, and nothing runs on the remote. Against
// provision.sh's sshd on 127.0.0.1, through the system ssh client, as in engine-ssh.test.ts.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/endpoint.js';
import { createEngine } from '../../src/engine/engine.js';
import { TEST_LABEL, docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { pathWith, skipSsh, sshHost, sshSocketHost } from '../support/remote.js';
import { REPO_ROOT } from '../support/tmux.js';

const run = testLabelValue();
const tag = `imgsh-test/ssh-fwd:${run}`;
const registry = process.env.IMGSH_TEST_REGISTRY;
const pulled = `${registry}/imgsh-test/ssh-fwd-pull:${run}`;
const ctx = mkdtempSync(join(tmpdir(), 'imgsh-ssh-fwd-build-'));
const overFwd = (args: string[], host = sshSocketHost!, timeoutMs?: number) =>
  runImgsh(args, { env: { DOCKER_HOST: host, PATH: pathWith() }, timeoutMs });
const skip = skipSsh || (!sshSocketHost && 'the test engine is not on a unix socket');

function processesWith(text: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', text], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
/** Processes of forwards (the guarding sh and its ssh), by their socket folder's name. */
const forwardProcesses = () => processesWith('imgsh-fwd-');
const forwardDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('imgsh-fwd-'));

async function waitForNoForward(ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (forwardProcesses().length || forwardDirs().length) {
    if (Date.now() > deadline) assert.fail(`forward left behind:\n${forwardProcesses().join('\n')}\n${forwardDirs().join('\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('engine over ssh:// with the socket forwarded', { skip }, () => {
  before(async () => {
    await docker(['tag', fixtureRef(), tag]);
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'RUN echo good > /marker', 'RUN exit 7'].join('\n') + '\n',
    );
  });
  after(async () => {
    await docker(['rmi', tag, pulled]).catch(() => '');
    const kept = (await docker(['ps', '-aq', '--filter', `label=${TEST_LABEL}=${run}`])).split('\n').filter(Boolean);
    if (kept.length) await docker(['rm', '-f', ...kept]).catch(() => '');
    const built = (await docker(['images', '-aq', '--filter', `label=${TEST_LABEL}=${run}`])).split('\n').filter(Boolean);
    if (built.length) await docker(['rmi', '-f', ...new Set(built)]).catch(() => '');
    rmSync(ctx, { recursive: true, force: true });
  });

  it('lists images, and leaves no ssh process or socket folder behind', async () => {
    await waitForNoForward();
    const r = await overFwd(['images', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const refs = (JSON.parse(r.stdout) as { repository: string; tag: string }[]).map((i) => `${i.repository}:${i.tag}`);
    assert.ok(refs.includes(tag), `${tag} listed over the forwarded socket`);
    await waitForNoForward();
  });

  it('one login carries every request and the event stream; nothing runs on the remote', async () => {
    const saved = process.env.PATH;
    process.env.PATH = pathWith();
    const engine = createEngine(parseHostUrl(sshSocketHost!, { from: 'flag' }));
    const events = engine.events();
    const evtTag = `imgsh-test/ssh-fwd-evt:${run}`;
    try {
      assert.match((await engine.version()).apiVersion, /^1\.\d+$/);
      await Promise.all([engine.listImages(), engine.listImages(), engine.containerCounts(), engine.version()]);
      const logins = forwardProcesses().filter((l) => /(^|\/)ssh$/.test(l.split(' ')[1]));
      assert.equal(logins.length, 1, `one ssh login:\n${forwardProcesses().join('\n')}`);
      assert.deepEqual(processesWith('docker system dial-stdio'), [], 'no dial-stdio on the remote');
      const got = (async () => {
        for await (const e of events) if (e.action === 'tag' && e.name === evtTag) return e;
        return null;
      })();
      await docker(['tag', fixtureRef(), evtTag]);
      const timeout = new Promise<null>((r) => setTimeout(() => r(null), 10_000).unref());
      assert.ok(await Promise.race([got, timeout]), 'tag event arrived through the forward');
    } finally {
      events.close();
      engine.close();
      process.env.PATH = saved;
      await docker(['rmi', evtTag]).catch(() => '');
    }
  });

  it('pulls from the loopback registry', async () => {
    await docker(['tag', fixtureRef(), pulled]);
    await docker(['push', pulled]);
    await docker(['rmi', pulled]);
    const r = await overFwd(['pull', pulled]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Pulled /m);
    assert.ok((await docker(['images', '-q', pulled])).trim(), 'the image is on the engine');
  });

  it('a failed build: exit 1, the failing step and the last good layer', async () => {
    const r = await overFwd(['build', ctx], sshSocketHost, 120_000);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /build failed at step 4\/4 \(line 4, stage 0\): RUN exit 7/);
    const good = /last good layer ([0-9a-f]{12}): imgsh shell \1 --failed-cmd 'exit 7'/.exec(r.stderr);
    assert.ok(good, r.stderr);
    assert.equal((await docker(['run', '--rm', good[1], 'cat', '/marker'])).trim(), 'good');
  });

  it('a socket that is not there: one line that says to check the path, and nothing left', async () => {
    const r = await overFwd(['images'], `${sshHost}/var/tmp/imgsh-no-such.sock`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ssh works, but no engine answered at \/var\/tmp\/imgsh-no-such\.sock on imgsh-test-ssh — check the path/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    await waitForNoForward();
  });

  it('a killed imgsh (SIGKILL) leaves no ssh login behind', async () => {
    const code = `import { createEngine } from './src/engine/engine.ts';
      import { parseHostUrl } from './src/domain/endpoint.ts';
      const e = createEngine(parseHostUrl(process.env.DOCKER_HOST, { from: 'flag' }));
      await e.version(); console.log('up'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: REPO_ROOT,
      env: { ...process.env, DOCKER_HOST: sshSocketHost!, PATH: pathWith() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('up') && resolve());
      child.on('exit', (c) => reject(new Error(`exited ${c} before the engine answered`)));
    });
    assert.ok(forwardProcesses().length > 0, 'the forward is up');
    child.kill('SIGKILL');
    await waitForNoForward(5000);
  });
});
