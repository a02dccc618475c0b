// ssh:// with the engine's socket in the URL (ssh://imgsh-test-ssh/…/docker.sock): one ssh login
// forwards the remote socket to a private local one, and nothing runs on the remote. Against
// provision.sh's sshd on 127.0.0.1, through the system ssh client. Pull and a failed build go
// both ways in engine-ssh.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { createEngine } from '../../src/engine/engine.js';
import { docker, fixtureRef, testLabelValue, firstLegOnly } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { forwardProcesses, pathWith, processesWith, skipSsh, sshHost, sshSocketHost, tagEventArrives } from '../support/remote.js';
import { REPO_ROOT } from '../support/tmux.js';

const run = testLabelValue();
const tag = `imgsh-test/ssh-fwd:${run}`;
const overFwd = (args: string[], host = sshSocketHost!, timeoutMs?: number) =>
  runImgsh(args, { env: { DOCKER_HOST: host, PATH: pathWith() }, timeoutMs });
const skip = skipSsh || (!sshSocketHost && 'the test engine is not on a unix socket');

const forwardDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('imgsh-fwd-'));

async function waitForNoForward(ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (forwardProcesses().length || forwardDirs().length) {
    if (Date.now() > deadline) assert.fail(`forward left behind:\n${forwardProcesses().join('\n')}\n${forwardDirs().join('\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('engine over ssh:// with the socket forwarded', { skip: firstLegOnly || skip }, () => {
  before(async () => {
    await docker(['tag', fixtureRef(), tag]);
  });
  after(async () => {
    await docker(['rmi', tag]).catch(() => '');
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
      assert.ok(await tagEventArrives(events, evtTag), 'tag event arrived through the forward');
    } finally {
      events.close();
      engine.close();
      process.env.PATH = saved;
      await docker(['rmi', evtTag]).catch(() => '');
    }
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
      import { parseHostUrl } from './src/domain/connection/endpoint.ts';
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
