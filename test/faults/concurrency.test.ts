// Fault: several imgsh at once on the same images — 50 parallel listings, two removals and two
// tags of the same image racing. Every answer whole, every failure one line, the engine's state
// what the winners made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanup, docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue().slice(-8);

describe('several imgsh at once', () => {
  const made: string[] = [];
  before(async () => {
    for (const t of ['a', 'b', 'c']) {
      const ref = `imgsh-fault/race-${t}:${run}`;
      await docker(['tag', fixtureRef(), ref]);
      made.push(ref);
    }
  });
  after(async () => {
    for (const ref of made) await docker(['rmi', ref]).catch(() => {});
    await cleanup();
  });

  it('50 parallel `images --json`: each exits 0 with the same whole JSON', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => runImgsh(['images', '--json', '--filter', `reference=imgsh-fault/race-*:${run}`])));
    const outputs = new Set<string>();
    for (const r of results) {
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout) as { repository: string }[];
      assert.equal(rows.length, 3, r.stdout);
      outputs.add(JSON.stringify(rows.map((x) => x.repository).sort()));
    }
    assert.equal(outputs.size, 1);
  });

  it('two rmi of the same tag at once: one removes it, the other says it is not there, in one line', async () => {
    const ref = made[0];
    const [x, y] = await Promise.all([runImgsh(['rmi', ref]), runImgsh(['rmi', ref])]);
    const codes = [x.code, y.code].sort();
    assert.deepEqual(codes, [0, 1], `${x.stderr}\n${y.stderr}`);
    const loser = x.code === 1 ? x : y;
    assert.equal(loser.stderr.trim().split('\n').length, 1, loser.stderr);
    assert.doesNotMatch(loser.stderr, /\n\s+at /);
    assert.equal((await docker(['images', '-q', ref])).trim(), '', 'gone');
    assert.notEqual((await docker(['images', '-q', fixtureRef()])).trim(), '', 'the image itself stays (other tags hold it)');
  });

  it('two tags of the same image at once: both land', async () => {
    const [t1, t2] = [`imgsh-fault/race-d:${run}`, `imgsh-fault/race-e:${run}`];
    made.push(t1, t2);
    const [x, y] = await Promise.all([runImgsh(['tag', made[1], t1]), runImgsh(['tag', made[1], t2])]);
    assert.equal(x.code, 0, x.stderr);
    assert.equal(y.code, 0, y.stderr);
    const id = (await docker(['image', 'inspect', '-f', '{{.Id}}', made[1]])).trim();
    for (const t of [t1, t2]) assert.equal((await docker(['image', 'inspect', '-f', '{{.Id}}', t])).trim(), id);
  });
});
