// Fault: the layer cache on disk is truncated, overwritten with random bytes, or from another
// version: detected, rebuilt, and the answer is the same as before.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fixtureRef } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

describe('a damaged layer cache', () => {
  const cache = mkdtempSync(join(tmpdir(), 'imgsh-fault-cache-'));
  const env = { XDG_CACHE_HOME: cache };
  const layers = async () => {
    const r = await runImgsh(['layers', '--json', fixtureRef()], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout;
  };
  const cacheFile = () => {
    const files = readdirSync(join(cache, 'imgsh')).filter((f) => f.startsWith('layers-') && f.endsWith('.json'));
    assert.equal(files.length, 1, files.join(', '));
    return join(cache, 'imgsh', files[0]);
  };

  after(() => rmSync(cache, { recursive: true, force: true }));

  it('truncated, random bytes, another version: each detected and rebuilt, the same answer', async () => {
    const first = await layers();
    const file = cacheFile();
    const good = readFileSync(file, 'utf8');
    const damages: [string, (text: string) => string | Buffer][] = [
      ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
      ['random bytes', () => randomBytes(4096)],
      ['empty', () => ''],
      ['another version', (t) => t.replace(/"version":\s*\d+/, '"version":0')],
      ['valid JSON of another shape', () => JSON.stringify({ version: 1, layers: 'x' })],
    ];
    for (const [what, damage] of damages) {
      writeFileSync(file, damage(good));
      assert.equal(await layers(), first, `${what}: the same answer`);
      assert.equal(readFileSync(file, 'utf8'), good, `${what}: the cache is rebuilt whole`);
      assert.ok(statSync(file).size > 0);
      assert.deepEqual(readdirSync(join(cache, 'imgsh')).filter((f) => f.endsWith('.tmp')), [], `${what}: no temporary file left`);
    }
  });
});
