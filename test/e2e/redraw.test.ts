import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, it } from 'node:test';
import { cleanup, docker, fixtureRef, testDockerHost, testLabelValue } from '../support/engine.js';

// Over SSH every byte counts: a keypress must rewrite a few lines, not clear and redraw the screen.
const tags = Array.from({ length: 30 }, (_, i) => `imgsh-e2e/redraw${i}:${testLabelValue().slice(-8)}`);

before(async () => {
  for (const t of tags) await docker(['tag', fixtureRef(), t]);
});
after(async () => {
  await docker(['rmi', ...tags]);
  await cleanup();
});

it('moving the selection sends a few hundred bytes and no screen clear', async () => {
  const child = spawn('script', ['-qfec', 'stty rows 40 cols 120; node bin/imgsh.js', '/dev/null'], {
    // CI set, as in CI and some users' shells: the app must still draw live and in colour.
    env: { ...process.env, DOCKER_HOST: testDockerHost(), CI: 'true', TERM: 'xterm-256color' },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const waitFor = async (pred: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(pred(), `timed out waiting for ${what}`);
  };
  const plain = () => out.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');
  /** Until nothing more has been drawn for `ms` (the app is idle). */
  const quiet = async (ms: number, what: string) => {
    let last = out.length;
    let since = Date.now();
    for (const end = Date.now() + 10_000; Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 10));
      if (out.length !== last) [last, since] = [out.length, Date.now()];
      else if (Date.now() - since >= ms) return;
    }
    assert.fail(`never quiet: ${what}`);
  };
  try {
    await waitFor(() => tags.every((t) => plain().includes(t.split(':')[0])) || /redraw29/.test(plain()), 'the list');
    // the first load's later frames (disk usage, the list's second answer) are drawn before the keys
    await quiet(500, 'after the first frames');
    assert.ok(out.includes('\x1b[46m'), 'the selected row has the theme\'s colour (cyan background), not colour level 0');
    const sizes: number[] = [];
    for (const key of ['j', 'j', 'k', 'j', 'k']) {
      const before = out.length;
      child.stdin.write(key);
      await waitFor(() => out.length > before, `the frame for ${key}`);
      await quiet(100, `after ${key}`);
      const delta = out.slice(before);
      assert.doesNotMatch(delta, /\x1b\[2J|\x1b\[3J/, 'no full-screen clear per keypress');
      sizes.push(Buffer.byteLength(delta));
    }
    // The median: a redraw the app makes on its own (the list reloading, a minute passing in
    // "Created") can land in one window on a loaded machine.
    const median = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)];
    assert.ok(sizes.every((s) => s > 0) && median < 1500, `bytes per keypress: ${sizes.join(', ')}\n${plain().slice(-3000)}`);
  } finally {
    child.stdin.write('q');
    await new Promise((r) => child.on('exit', r));
  }
});
