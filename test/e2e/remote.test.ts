// The app over ssh://, as a user on a laptop meets a server: the images of the engine behind the
// test sshd, a failing `:build`, `x` for a shell in the last good layer (the terminal handed
// over through ssh), and back; on quit no ssh process or debug container is left. Both ways in:
// ssh://HOST (the remote runs `docker system dial-stdio`) and ssh://HOST/SOCKET (forwarded).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, docker, firstLegOnly, fixtureRef, testLabelValue } from '../support/engine.js';
import { forwardProcesses, pathWith, skipSsh, sshHost, sshProcesses, sshSocketHost } from '../support/remote.js';
import {
  IMGSH_CMD, assertRestored, capture, kill, programPid, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable,
  waitFor, waitForProcessGone,
} from '../support/tmux.js';

const skip = skipSsh || (!tmuxAvailable() && 'tmux is not installed (apt-get install tmux)');
const run = testLabelValue();
const tag = `imgsh-test/remote-e2e:${run}`;
const ctx = mkdtempSync(join(tmpdir(), 'imgsh-e2e-remote-'));
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('the app over ssh://', { skip: firstLegOnly || skip }, () => {
  let session = '';
  before(async () => {
    await docker(['tag', fixtureRef(), tag]);
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'RUN echo good > /marker', 'RUN echo half > /half && exit 4'].join('\n') + '\n',
    );
  });
  after(async () => {
    if (session) await kill(session);
    const left = (await docker(['ps', '-aq', '--filter', `label=${TEST_LABEL}=${run}`])).split('\n').filter(Boolean);
    if (left.length) await docker(['rm', '-f', ...left]).catch(() => '');
    const built = (await docker(['images', '-aq', '--filter', `label=${TEST_LABEL}=${run}`])).split('\n').filter(Boolean);
    if (built.length) await docker(['rmi', '-f', ...new Set(built)]).catch(() => '');
    await docker(['rmi', tag]).catch(() => '');
    rmSync(ctx, { recursive: true, force: true });
  });

  const ways: [string, string | undefined][] = [
    ['ssh://HOST', sshHost],
    ['ssh://HOST/SOCKET', sshSocketHost],
  ];
  for (const [way, host] of ways) {
  it(`${way}: lists the images, builds, opens a shell in the last good layer, and quits clean`, { skip: !host && 'the test engine is not on a unix socket' }, async () => {
    // tmux's shell resets PATH from the profile, so the ssh wrapper's folder goes on the command line
    session = await startTmux({ env: { DOCKER_HOST: host! }, cmd: `PATH='${pathWith()}' ${IMGSH_CMD}` });
    const first = await waitFor(session, new RegExp(esc(tag.split(':')[0])), 20_000);
    assert.match(first, /ssh:\/\/imgsh-test-ssh/, 'the status bar names the ssh endpoint');
    const pid = await programPid(session);
    await sendText(session, `:build ${ctx}`);
    await sendKeys(session, 'Enter');
    await sendText(session, '3');
    const failed = await waitFor(session, /last good layer [0-9a-f]{12}/, 60_000);
    assert.match(failed, /RUN echo half > \/half && exit 4/);
    assert.match(failed, /exit code 4/);
    await sendText(session, 'x');
    await waitFor(session, /imgsh: shell in/, 20_000);
    await waitFor(session, /^\/\S* # ?$/m, 10_000);
    await sendText(session, 'cat /marker; echo "FC:$IMGSH_FAILED_CMD"');
    await sendKeys(session, 'Enter');
    await waitFor(session, /^FC:echo half > \/half && exit 4\s*$/m, 10_000);
    assert.match(await capture(session), /^good\s*$/m);
    await sendText(session, 'exit');
    await sendKeys(session, 'Enter');
    await waitFor(session, /shell in \S+ ended \(exit \d+\)/, 15_000);
    assert.deepEqual(stackTraceLines(await capture(session)), []);
    await sendText(session, 'q');
    await assertRestored(session, 0, 15_000);
    await waitForProcessGone(pid, 5000);
    assert.deepEqual(sshProcesses(`imgsh-ssh-${pid}-`), [], 'no ssh master of the app left');
    for (const deadline = Date.now() + 3000; forwardProcesses().length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(forwardProcesses(), [], 'no socket forward of the app left');
    const debugLeft = await docker(['ps', '-aq', '--filter', `label=imgsh.debug`, '--filter', `label=${TEST_LABEL}=${run}`]);
    assert.equal(debugLeft.trim(), '', 'no debug container left');
    await kill(session);
    session = '';
  });
  }
});
