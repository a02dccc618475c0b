// Fault: the engine dies (SIGKILL of the test's own dockerd) in the middle of a save, a load, and
// with the app open. Asserted on the files on disk and the engine's images, not only on messages.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { docker, fixtureRef, TEST_LABEL, testEnv, testLabelValue, testRegistry } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { killableEngine, noKillableEngine, type KillableEngine } from '../support/killable-engine.js';
import { capture, kill, REPO_ROOT, sendText, startTmux, tmuxAvailable, waitFor, waitForExit } from '../support/tmux.js';

const skip = noKillableEngine() ?? (!tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false);
const run = testLabelValue();
const big = `imgsh-fault/big:${run.slice(-8)}`;

describe('the engine dies mid-operation', { skip }, () => {
  let engine: KillableEngine;
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fault-'));
  const on = (args: string[], input?: Buffer) => docker(args, { env: { DOCKER_HOST: engine.host }, input });
  const imgsh = (args: string[]) => runImgsh(args, { env: { DOCKER_HOST: engine.host } });

  before(async () => {
    engine = await killableEngine();
    // big enough that a save or a load takes a while: 3 layers of 64 MB that do not compress
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${fixtureRef()}\nLABEL ${TEST_LABEL}=${run}\nRUN head -c 67108864 /dev/urandom > /a\nRUN head -c 67108864 /dev/urandom > /b\nRUN head -c 67108864 /dev/urandom > /c\n`);
    await on(['build', '-q', '-t', big, '-f', join(dir, 'Dockerfile'), dir]).catch(async (e) => {
      // the legacy builder by default on 20.10; say which engine failed
      throw new Error(`building the big image on the killable engine failed: ${(e as Error).message}`);
    });
  });

  after(async () => {
    await engine?.start().catch(() => {});
    await on(['rmi', '-f', big]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  /** Files in `dir` other than the ones named: what a failed write left behind. */
  const leftovers = (keep: string[]) => readdirSync(dir).filter((f) => !keep.includes(f) && f !== 'Dockerfile');

  it('save: one line, exit 1, no partial file, the old archive of the same name intact', async (t) => {
    const target = join(dir, 'big.tar');
    writeFileSync(target, 'the old archive\n');
    const child = runImgsh(['save', '-f', '-o', target, big], { env: { DOCKER_HOST: engine.host } });
    // kill the engine once the archive is on its way (the temporary file beside the target grows)
    for (const end = Date.now() + 20_000; Date.now() < end; ) {
      const temp = readdirSync(dir).find((f) => f.includes('imgsh-tmp'));
      if (temp && statSync(join(dir, temp)).size > 1 << 20) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await engine.kill();
    const r = await child;
    t.diagnostic(`said: ${r.stderr.trim()}`);
    try {
      assert.notEqual(r.code, 0, r.stdout);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^imgsh: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(readFileSync(target, 'utf8'), 'the old archive\n', 'the old archive is intact');
      assert.deepEqual(leftovers(['big.tar']), [], 'no partial file');
    } finally {
      await engine.start();
    }
  });

  it('load: one line, exit 1, and the image is not there half-loaded when the engine is back', async (t) => {
    const archive = join(dir, 'to-load.tar');
    const saved = await imgsh(['save', '-o', archive, big]);
    assert.equal(saved.code, 0, saved.stderr);
    await on(['rmi', big]);
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/imgsh.js'), 'load', '-i', archive], { env: testEnv({ DOCKER_HOST: engine.host, NO_COLOR: '1' }) });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // the engine dies while the archive is sent: once imgsh has read 32 MB of it
    const read = () => Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${child.pid}/io`, 'utf8'))?.[1] ?? 0);
    for (const end = Date.now() + 20_000; Date.now() < end && read() < 32 << 20; ) await new Promise((r) => setTimeout(r, 5));
    await engine.kill();
    const r = { code: await exited, stderr, stdout: '' };
    await engine.start();
    t.diagnostic(`said: ${r.stderr.trim()}`);
    assert.notEqual(r.code, 0, r.stdout);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    // the engine back: the image was not loaded (or was loaded whole: a load that finished first)
    const after = (await on(['images', '-q', big])).trim();
    if (after) assert.match(await on(['image', 'inspect', '-f', '{{len .RootFS.Layers}}', big]), /^4\s*$/, 'loaded whole');
    // put it back for the next test
    if (!after) assert.equal((await imgsh(['load', '-i', archive])).code, 0);
    rmSync(archive, { force: true });
  });

  /** Runs imgsh ARGS on the killable engine and kills the engine once `when` holds; resolves with how imgsh ended. */
  async function killedDuring(args: string[], when: (pid: number) => boolean | Promise<boolean>) {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/imgsh.js'), ...args], { cwd: dir, env: testEnv({ DOCKER_HOST: engine.host, NO_COLOR: '1' }) });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (const end = Date.now() + 30_000; Date.now() < end && child.exitCode === null && !(await when(child.pid!)); ) await new Promise((r) => setTimeout(r, 10));
    await engine.kill();
    const code = await exited;
    await engine.start();
    assert.notEqual(code, 0, stderr);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    return stderr.trim();
  }

  it('build: one line and exit 1 when the engine dies while a step runs', async (t) => {
    writeFileSync(join(dir, 'Dockerfile.slow'), `FROM ${fixtureRef()}\nLABEL ${TEST_LABEL}=${run}\nRUN sleep 30\n`);
    const said = await killedDuring(['build', '-f', join(dir, 'Dockerfile.slow'), dir], async () => (await on(['ps', '-q']).catch(() => '')).trim() !== '');
    t.diagnostic(`said: ${said}`);
    assert.match(said, /^imgsh: cannot reach the Docker engine at /);
  });

  it('the app: "disconnected — retrying" while the engine is gone, the list back when it returns, no restart', async () => {
    const s = await startTmux({ env: { DOCKER_HOST: engine.host } });
    try {
      await waitFor(s, new RegExp(big.split(':')[0].replace(/[/.]/g, '\\$&')), 15_000);
      await engine.kill();
      const down = await waitFor(s, /disconnected — retrying/, 15_000);
      assert.doesNotMatch(down, /\n\s+at /, 'no stack trace');
      await engine.start();
      await waitFor(s, /Docker \d+\.\d+/, 20_000);
      assert.match(await capture(s), new RegExp(big.split(':')[0].replace(/[/.]/g, '\\$&')), 'the list is back');
      await sendText(s, 'q');
      assert.equal(await waitForExit(s, 10_000), 0);
    } finally {
      await kill(s);
    }
  });
  it('push and pull: one line and exit 1 when the engine dies mid-transfer; the pulled image is not there half', { skip: testRegistry() ? false : 'no loopback registry' }, async (t) => {
    const remote = `${testRegistry()}/imgsh-fault/big:${run.slice(-8)}`;
    await on(['tag', big, remote]);
    // the point where it dies is the subject: 0.8 s in, the transfer of 192 MB (gzip on the way) is under way
    const started = () => { const t0 = Date.now(); return () => Date.now() - t0 > 800; };
    const pushed = await killedDuring(['push', remote], started());
    t.diagnostic(`push said: ${pushed}`);
    // a whole push for the pull that follows
    assert.equal((await imgsh(['push', remote])).code, 0);
    // nothing of it left on the engine: the pull must download every layer
    await on(['rmi', remote, big]);
    const pulled = await killedDuring(['pull', remote], started());
    t.diagnostic(`pull said: ${pulled}`);
    assert.equal((await on(['images', '-q', remote])).trim(), '', 'no half-pulled image');
  });

});
