// ssh:// for real: provision.sh's sshd on 127.0.0.1 in front of the test engine, reached through
// the system ssh client with the test's own ssh config (keys, known_hosts) — as a user's
// ~/.ssh/config would be. The remote side runs `docker system dial-stdio`, as for the docker CLI.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { createEngine } from '../../src/engine/engine.js';
import { EngineUnreachableError } from '../../src/engine/transport/errors.js';
import { TEST_LABEL, docker, fixtureRef, testLabelValue, firstLegOnly } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { pathWith, skipSsh, sshHost, sshProcesses, sshSocketHost, sshVariant, tagEventArrives } from '../support/remote.js';

const run = testLabelValue();
const tag = `imgsh-test/ssh:${run}`;
const registry = process.env.IMGSH_TEST_REGISTRY;
const pulled = `${registry}/imgsh-test/ssh-pull:${run}`;
const ctx = mkdtempSync(join(tmpdir(), 'imgsh-ssh-build-'));
const overSsh = (args: string[], env: Record<string, string> = {}, timeoutMs?: number) =>
  runImgsh(args, { env: { DOCKER_HOST: sshHost!, PATH: pathWith(), ...env }, timeoutMs });
const oneLine = (text: string) => assert.equal(text.trim().split('\n').length, 1, `one line:\n${text}`);

describe('engine over ssh:// (sshd on loopback, the system ssh client)', { skip: firstLegOnly || skipSsh }, () => {
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

  it('lists images over ssh, and leaves no ssh process or control socket behind', async () => {
    const r = await overSsh(['images', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const refs = (JSON.parse(r.stdout) as { repository: string; tag: string }[]).map((i) => `${i.repository}:${i.tag}`);
    assert.ok(refs.includes(tag), `${tag} listed over ssh`);
    assert.deepEqual(sshProcesses('imgsh-ssh-'), [], 'no ssh master left');
    assert.deepEqual(readdirSync(tmpdir()).filter((f) => /^imgsh-ssh-\d+-\d+/.test(f)), []);
  });

  it('speaks the API and streams events; connections after the first ride on one ssh login', async () => {
    const saved = process.env.PATH;
    process.env.PATH = pathWith();
    const engine = createEngine(parseHostUrl(sshHost!, { from: 'flag' }));
    const events = engine.events();
    const evtTag = `imgsh-test/ssh-evt:${run}`;
    try {
      assert.match((await engine.version()).apiVersion, /^1\.\d+$/);
      const masters = sshProcesses('ControlMaster=yes');
      assert.equal(masters.length, 1, `one master login:\n${masters.join('\n')}`);
      await Promise.all([engine.listImages(), engine.listImages(), engine.version()]);
      assert.equal(sshProcesses('ControlMaster=yes').length, 1, 'still one login after parallel requests');
      assert.ok(await tagEventArrives(events, evtTag), 'tag event arrived over ssh');
    } finally {
      events.close();
      engine.close();
      process.env.PATH = saved;
      await docker(['rmi', evtTag]).catch(() => '');
    }
  });

  // both ways in: the remote runs dial-stdio, or (the socket in the URL) the socket is forwarded
  const ways: [string, string | undefined][] = [
    ['ssh://HOST', sshHost],
    ['ssh://HOST/SOCKET', sshSocketHost],
  ];
  for (const [way, host] of ways) {
    const skip = !host && 'the test engine is not on a unix socket';
    it(`${way}: pulls from the loopback registry`, { skip }, async () => {
      await docker(['tag', fixtureRef(), pulled]);
      await docker(['push', pulled]);
      await docker(['rmi', pulled]);
      const r = await overSsh(['-H', host!, 'pull', pulled]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Status: Downloaded newer image for /m);
      assert.ok((await docker(['images', '-q', pulled])).trim(), 'the image is on the engine');
    });

    it(`${way}: a failed build: exit 1, the failing step, the last good layer and the shell command`, { skip }, async () => {
      const r = await overSsh(['-H', host!, 'build', ctx], {}, 120_000);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /build failed at step 4\/4 \(line 4, stage 0\): RUN exit 7/);
      assert.match(r.stderr, /exit code 7/);
      const good = /last good layer ([0-9a-f]{12}): imgsh shell \1 --failed-cmd 'exit 7'/.exec(r.stderr);
      assert.ok(good, r.stderr);
      assert.equal((await docker(['run', '--rm', good[1], 'cat', '/marker'])).trim(), 'good');
    });
  }

  it('--buildkit over ssh: the BuildKit session rides the same ssh connection', async () => {
    const r = await overSsh(['build', '--buildkit', ctx], {}, 120_000);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /build failed at step 4\/4 \(line 4, stage 0\): RUN exit 7/);
    assert.match(r.stderr, /last good layer [0-9a-f]{12}: imgsh shell/);
  });

  it('host key, login and connection failures each get one clear line', async () => {
    const noKnownHost = sshVariant((c, dir) => c.replace(/UserKnownHostsFile .*/, `UserKnownHostsFile ${join(dir, 'known_hosts')}`));
    let r = await overSsh(['images'], { PATH: pathWith(noKnownHost) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ssh does not trust the host key of .*Host key verification failed.* run `ssh imgsh-test-ssh` once/);
    oneLine(r.stderr);
    r = await overSsh(['-H', 'ssh://nobody@imgsh-test-ssh', 'images']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ssh login as nobody@imgsh-test-ssh was refused \(ssh: .*Permission denied/);
    oneLine(r.stderr);
    r = await overSsh(['-H', 'ssh://root@127.0.0.1:1', 'images']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ssh could not connect to 127\.0\.0\.1:1 .*Connection refused/);
    oneLine(r.stderr);
    rmSync(noKnownHost, { recursive: true, force: true });
    assert.ok(!existsSync(join(noKnownHost, 'known_hosts')));
  });
});
