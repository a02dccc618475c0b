// Two contexts pointing at two engines (the test engine and the second one provisioning starts):
// the app starts on one, `c` switches to the other without a restart, `:context` switches back,
// and a context whose engine is away leaves the app where it was.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanup, fixtureRef, makeTestImage, testDockerHost, testLabelValue } from '../support/engine.js';
import { assertRestored, kill, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor, waitForNot } from '../support/tmux.js';

const host2 = process.env.IMGSH_TEST_DOCKER_HOST2;
const skip = !tmuxAvailable()
  ? 'tmux is not installed: end-to-end tests need it (apt-get install tmux)'
  : !host2
    ? 'IMGSH_TEST_DOCKER_HOST2 is unset: test/support/provision.sh starts the second engine this test switches to'
    : false;

const config = mkdtempSync(join(tmpdir(), 'imgsh-ctx-e2e-'));
const id = testLabelValue().replace(/[^a-z0-9]/g, '');
const onlyOne = `e2e-ctx/only-one`;
const onlyTwo = `e2e-ctx/only-two`;
const sessions: string[] = [];

function dockerCli(args: string[], dockerHost = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: dockerHost, DOCKER_CONTEXT: '' };
    execFile('docker', args, { env }, (err, stdout, stderr) => (err ? reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

describe('switching contexts in the app', { skip }, () => {
  before(async () => {
    await dockerCli(['context', 'create', 'one', '--docker', `host=${testDockerHost()}`]);
    await dockerCli(['context', 'create', 'two', '--docker', `host=${host2}`]);
    await dockerCli(['context', 'create', 'gone', '--docker', `host=unix://${join(config, 'no-engine.sock')}`]);
    await dockerCli(['context', 'use', 'one']);
    await makeTestImage(`${onlyOne}:${id}`); // labelled: cleanup() removes it
    await dockerCli(['tag', fixtureRef(), `${onlyTwo}:${id}`], host2);
  });
  after(async () => {
    for (const s of sessions) await kill(s);
    await dockerCli(['rmi', `${onlyTwo}:${id}`], host2).catch(() => {}); // only the tag: the fixture stays
    await cleanup();
    rmSync(config, { recursive: true, force: true });
  });

  it('c picks the other engine, :context comes back, an engine that is away changes nothing', async (t) => {
    const s = await startTmux({ cols: 140, rows: 40, env: { DOCKER_HOST: '', DOCKER_CONFIG: config } });
    sessions.push(s);
    const one = new RegExp(`${onlyOne}\\s+${id}`);
    const two = new RegExp(`${onlyTwo}\\s+${id}`);
    await waitFor(s, one, 10_000);
    await waitFor(s, /^ one │ unix:\/\//m);

    await sendText(s, 'c');
    const picker = await waitFor(s, 'Docker contexts');
    assert.match(picker, /› one \*/, 'the cursor starts on the context in use');
    const pressed = Date.now();
    await sendKeys(s, 'Down', 'Enter');
    await waitFor(s, two, 8000);
    // the screen is polled every 50 ms: this is the switch's time to the new list, give or take that
    t.diagnostic(`switch to the second engine: its list on screen ${Date.now() - pressed} ms after Enter`);
    const onTwo = await waitForNot(s, one, 3000);
    assert.match(onTwo, /^ two │ unix:\/\/.*docker2\.sock/m);
    assert.match(onTwo, /Switched to context "two"/);

    await sendText(s, ':context one');
    await sendKeys(s, 'Enter');
    await waitFor(s, one, 8000);
    await waitForNot(s, two, 3000);
    await waitFor(s, /^ one │ /m);

    await sendText(s, ':context gone');
    await sendKeys(s, 'Enter');
    const stayed = await waitFor(s, /context "gone" did not answer, still on "one"/, 8000);
    assert.match(stayed, one, "the first engine's images are still listed");
    assert.match(stayed, /^ one │ unix:\/\/.*Docker \d/m, 'still connected to the first engine');
    assert.deepEqual(stackTraceLines(stayed), []);

    await sendText(s, 'q');
    await assertRestored(s, 0);
    assert.equal((await dockerCli(['context', 'show'])).trim(), 'one', 'switching in the app does not change the current context');
  });
});
