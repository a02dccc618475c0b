// Fault: SIGTERM, SIGINT and SIGHUP reach the full-screen app (from another shell, or the SSH link
// dropping) while a long operation runs in it: save, build, pull and the layer index. The
// terminal is restored, the exit code is 128 + the signal, and nothing is left: no partial
// archive (an older one of the same name intact), no container, no half-pulled image, no temporary
// file in the cache dir.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanupOn, docker, fixtureRef, TEST_LABEL, testLabelValue, testRegistry } from '../support/engine.js';
import { killableEngine, noKillableEngine, type KillableEngine } from '../support/killable-engine.js';
import { assertRestored, kill, programPid, REPO_ROOT, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor, waitForProcessGone } from '../support/tmux.js';

const skip = noKillableEngine() ?? (!tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : false);
const run = testLabelValue();
const tag = `app-${run.slice(-8)}`;
const big = `imgsh-fault/appsig:${tag}`;
const CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

describe('a signal to the app while it works', { skip }, () => {
  let engine: KillableEngine;
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fault-appsig-'));
  const cache = join(dir, 'cache');
  const sessions: string[] = [];
  const on = (args: string[]) => docker(args, { env: { DOCKER_HOST: engine.host } });
  const temps = (where: string) => (existsSync(where) ? readdirSync(where).filter((f) => /tmp/.test(f)) : []);

  /** The app on the killable engine with `line` typed at its prompt; resolves with the session and the node pid. */
  async function startWith(line: string, ready: RegExp = /imgsh-fault\/appsig/) {
    const s = await startTmux({ cwd: dir, cmd: `node ${join(REPO_ROOT, 'bin/imgsh.js')}`, env: { DOCKER_HOST: engine.host, XDG_CACHE_HOME: cache } });
    sessions.push(s);
    await waitFor(s, ready, 15_000);
    const pid = await programPid(s);
    if (line) await command(s, line);
    return { s, pid };
  }

  /** Types `:LINE` and Enter once the line is on screen (sent at once, the Enter would be part of a paste). */
  async function command(s: string, line: string) {
    await sendText(s, ':');
    await sendText(s, line);
    await waitFor(s, new RegExp(`^:${line.slice(0, 30).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm'));
    await sendKeys(s, 'Enter');
  }

  /** Waits for `when`, sends `sig` to the app and checks it ended as it should. */
  async function signalWhen(app: { s: string; pid: number }, sig: keyof typeof CODES, when: () => boolean | Promise<boolean>) {
    for (const end = Date.now() + 30_000; !(await when()); ) {
      if (Date.now() > end) throw new Error(`the moment to send ${sig} never came`);
      await new Promise((r) => setTimeout(r, 10));
    }
    process.kill(app.pid, sig);
    const screen = await assertRestored(app.s, CODES[sig], 10_000);
    assert.deepEqual(stackTraceLines(screen), [], screen);
    await waitForProcessGone(app.pid, 3000);
  }

  before(async () => {
    engine = await killableEngine();
    writeFileSync(join(dir, 'Dockerfile.big'), `FROM ${fixtureRef()}\nLABEL ${TEST_LABEL}=${run}\nRUN head -c 67108864 /dev/urandom > /a\nRUN head -c 67108864 /dev/urandom > /b\n`);
    await on(['build', '-q', '-t', big, '-f', join(dir, 'Dockerfile.big'), dir]);
  });
  after(async () => {
    for (const s of sessions) await kill(s);
    await on(['rmi', '-f', big]).catch(() => {});
    // what the builds left (intermediate images of this run's steps, under its label)
    if (engine) await cleanupOn(engine.host);
    rmSync(dir, { recursive: true, force: true });
  });

  it(':save, SIGTERM: exit 143, the old archive intact, no partial file', async () => {
    const target = join(dir, 'saved.tar');
    writeFileSync(target, 'the old archive\n');
    const app = await startWith(`save -f -o ${target} ${big}`);
    await signalWhen(app, 'SIGTERM', () => temps(dir).some((f) => statSync(join(dir, f)).size > 1 << 20));
    assert.equal(readFileSync(target, 'utf8'), 'the old archive\n');
    assert.deepEqual(temps(dir), []);
  });

  it(':build, SIGHUP while a step runs (the SSH link dropped): exit 129, its container removed', async () => {
    writeFileSync(join(dir, 'Dockerfile.slow'), `FROM ${fixtureRef()}\nLABEL ${TEST_LABEL}=${run}\nRUN sleep 30\n`);
    const before = (await on(['ps', '-aq'])).trim();
    const app = await startWith(`build -f ${join(dir, 'Dockerfile.slow')} ${dir}`);
    await signalWhen(app, 'SIGHUP', async () => (await on(['ps', '-q'])).trim() !== '');
    for (const end = Date.now() + 10_000; (await on(['ps', '-aq'])).trim() !== before && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await on(['ps', '-aq'])).trim(), before, 'no container left');
  });

  it('the layer index, SIGINT from another shell: exit 130, nothing temporary in the cache dir', async () => {
    const app = await startWith('');
    await sendText(app.s, '/');
    await sendText(app.s, tag);
    await waitFor(app.s, new RegExp(`^/${tag}`, 'm'));
    await sendKeys(app.s, 'Enter');
    await sendText(app.s, '2');
    // the index reads the image's archive: once the app has read 32 MB of it
    const io = () => Number(/rchar: (\d+)/.exec(readFileSync(`/proc/${app.pid}/io`, 'utf8'))?.[1] ?? 0);
    await signalWhen(app, 'SIGINT', () => io() > 32 << 20);
    const kept = existsSync(join(cache, 'imgsh')) ? readdirSync(join(cache, 'imgsh'), { recursive: true }).map(String) : [];
    assert.deepEqual(kept.filter((f) => /tmp/.test(f)), [], kept.join(', '));
  });

  it(':pull, SIGTERM mid-download: exit 143, no image under the reference', { skip: testRegistry() ? false : 'no loopback registry' }, async () => {
    const ref = `${testRegistry()}/imgsh-fault/appsig-pull:${tag}`;
    await on(['tag', big, ref]);
    await on(['push', ref]);
    await on(['rmi', ref]);
    const id = (await on(['images', '-q', big])).trim();
    // the layers must come over the wire: the image that holds them goes for the while
    await on(['save', '-o', join(dir, 'keep.tar'), big]);
    await on(['rmi', big]);
    try {
      const app = await startWith('', /imgsh-fixture/);
      await command(app.s, `pull ${ref}`);
      const started = Date.now();
      await signalWhen(app, 'SIGTERM', () => Date.now() - started > 800);
      assert.equal((await on(['images', '-q', ref])).trim(), '', 'no half-pulled image');
    } finally {
      await on(['load', '-q', '-i', join(dir, 'keep.tar')]);
      rmSync(join(dir, 'keep.tar'), { force: true });
      assert.equal((await on(['images', '-q', big])).trim(), id);
    }
  });
});
