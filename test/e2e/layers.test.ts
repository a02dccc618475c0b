// The Layers pane in a real terminal: select an image, open its layers, walk the tree,
// extract a file with `e`. Skipped when tmux is not installed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanup, makeTestImage, testLabelValue } from '../support/engine.js';
import { REPO_ROOT, capture, kill, sendKeys, sendText, startTmux, tmuxAvailable, waitFor } from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const tag = testLabelValue().replace(/^run-/, '');
const image = `imgsh-e2e/layers:${tag}`;
const removing = `imgsh-e2e/removal:${tag}`;
const work = mkdtempSync(join(tmpdir(), 'imgsh-e2e-layers-'));
const sessions: string[] = [];

after(async () => {
  for (const s of sessions) await kill(s).catch(() => {});
  rmSync(work, { recursive: true, force: true });
  await cleanup();
});

describe('Layers pane end to end', { skip }, () => {
  before(async () => {
    await makeTestImage(image, { steps: ['RUN echo e2e-content > /e2e.txt'] });
  });

  it('indexes the selected image, shows its layers and tree, and extracts a file with e', async () => {
    const s = await startTmux({ cwd: work, cmd: `node ${join(REPO_ROOT, 'bin/imgsh.js')}`, env: { XDG_CACHE_HOME: join(work, 'cache') } });
    sessions.push(s);
    await waitFor(s, /imgsh-e2e\/layers/, 10_000);
    await sendText(s, '/');
    await waitFor(s, /^\//m);
    await sendText(s, `layers ${tag}`);
    await waitFor(s, new RegExp(`^/layers ${tag}`, 'm'));
    await sendKeys(s, 'Enter');
    await sendKeys(s, 'Enter');
    await waitFor(s, /Details: imgsh-e2e\/layers/);
    await sendKeys(s, 'Escape');
    await sendText(s, '2');
    const screen = await waitFor(s, /efficiency 100\.0%/, 20_000);
    assert.match(screen, /RUN echo e2e-content > \/e2e\.txt/);
    assert.match(screen, /A -rw-r--r-- +12B +e2e\.txt/);
    await sendText(s, 'a');
    await waitFor(s, /filesystem up to this layer/);
    await waitFor(s, /▾ bin\//);
    await sendText(s, 'u');
    await waitFor(s, /changes only/);
    await sendText(s, 'l');
    await sendText(s, 'e');
    await waitFor(s, new RegExp(`^:cp --layer 2 imgsh-e2e/layers:${tag}:/e2e\\.txt \\./`, 'm'));
    await sendKeys(s, 'Enter');
    await waitFor(s, /Copied imgsh-e2e\/layers:.*e2e\.txt/, 20_000);
    assert.ok(existsSync(join(work, 'e2e.txt')), await capture(s));
    assert.equal(readFileSync(join(work, 'e2e.txt'), 'utf8'), 'e2e-content\n');
  });

  it('a directory shows the bytes its layer adds; what the layer removed is shown apart, with a minus', async () => {
    // made here, not before all: the first test's search must find only its own image
    const steps = ['RUN mkdir /app && head -c 2100000 /dev/zero > /app/big', 'RUN rm /app/big && echo hi > /app/x && cp /app/x /app/y'];
    // built elsewhere, naming its Dockerfile (read from where imgsh runs): waste and advice give its lines
    await makeTestImage(removing, { steps, labels: { 'imgsh.dockerfile': 'Dockerfile' } });
    writeFileSync(join(work, 'Dockerfile'), ['FROM busybox', '# the removal test', ...steps].join('\n'));
    // wide enough for a waste line with both steps and their lines
    const s = await startTmux({ cols: 160, cwd: work, cmd: `node ${join(REPO_ROOT, 'bin/imgsh.js')}`, env: { XDG_CACHE_HOME: join(work, 'cache') } });
    sessions.push(s);
    await waitFor(s, /imgsh-e2e\/removal/, 10_000);
    await sendText(s, '/');
    await waitFor(s, /^\//m);
    await sendText(s, `removal ${tag}`);
    await waitFor(s, new RegExp(`^/removal ${tag}`, 'm'));
    await sendKeys(s, 'Enter');
    await sendText(s, '2');
    // the last layer (selected): it adds 2×3 B under app/ and removes the 2.10 MB file there
    const screen = await waitFor(s, /Layer \d+: this layer's changes/, 20_000);
    assert.match(screen, /^.M drwxr-xr-x +6B +▾ app\/ +−2\.10MB removed$/m);
    assert.match(screen, /^ D -rw-r--r-- +−2\.10MB +big$/m);
    assert.match(screen, /^ A -rw-r--r-- +3B +x$/m);
    // w: the waste traced to its steps; A: the advice with its bytes (issue #13)
    await sendText(s, 'w');
    const waste = await waitFor(s, /Wasted space in /);
    // the overlay cuts lines at its width: the removing step's text may not show
    assert.match(waste, /2\.10MB written by layer \d+ \(line 3: RUN mkdir \/app && head -c 2100000[^)]*\), removed by layer \d+ \(line 4: /);
    await sendKeys(s, 'Escape');
    await waitFor(s, /Layer \d+: this layer's changes/);
    await sendText(s, 'A');
    const advice = await waitFor(s, /Advice for /);
    assert.match(advice, /these changes would save 2\.10MB/);
    assert.match(advice, /2\.10MB {2}layer \d+ \(line 4: RUN rm \/app\/big[^)]*\) removes files layer \d+/);
    // the same contents twice (x, then its copy y): the copy's 3 B, with its path
    assert.match(advice, /│ +3B {2}layer \d+ \(line 4: RUN rm \/app\/big[^)]*\) writes the same contents/);
    assert.match(advice, /│ {11}\/app\/y +│/);
  });
});
