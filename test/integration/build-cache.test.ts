// Why the cache missed (issue #13): imgsh keeps a record per tag after each build and, on the
// next build of the tag, names the first step that ran and why. Real builds (legacy builder).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, cleanup, docker, fixtureRef, testLabelValue } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const run = testLabelValue();
const tag = `imgsh-test/cache:${run}`;
const ctx = mkdtempSync(join(tmpdir(), 'imgsh-cache-ctx-'));
const state = mkdtempSync(join(tmpdir(), 'imgsh-cache-state-'));
const build = (...more: string[]) => runImgsh(['build', '--label', `${TEST_LABEL}=${run}`, '-t', tag, ...more, ctx], { env: { XDG_STATE_HOME: state } });
const MISS = /^cache miss at /m;
const NOTE = /^no cache explanation/m;
/** The record file of tag `t` in the state folder, and the record. */
function recordOfTag(t: string) {
  const dir = join(state, 'imgsh', 'builds');
  for (const f of readdirSync(dir)) {
    const record = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    if (record.tag === t) return { file: join(dir, f), record };
  }
  throw new Error(`no record of ${t}`);
}

describe('imgsh build says why the cache missed', () => {
  before(() => {
    mkdirSync(join(ctx, 'src'));
    writeFileSync(join(ctx, 'Dockerfile'), [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'COPY src/ /app/', 'ARG V', 'RUN echo "v=$V" > /v', 'RUN head -c 2000 /dev/zero > /junk', 'RUN rm /junk'].join('\n') + '\n');
    writeFileSync(join(ctx, 'src', 'a.txt'), 'one\n');
    writeFileSync(join(ctx, 'src', 'b.txt'), 'b\n');
    writeFileSync(join(ctx, 'ignored.txt'), 'x\n');
    writeFileSync(join(ctx, '.dockerignore'), 'ignored.txt\n');
  });
  after(async () => {
    rmSync(ctx, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
    await cleanup();
  });

  it('first build and an unchanged one: nothing to say', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await build();
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, MISS);
      assert.doesNotMatch(r.stdout, NOTE, 'no record yet is not a record of another version');
    }
  });

  it('one file of the context touched: the COPY step, the file and its sizes', async () => {
    writeFileSync(join(ctx, 'src', 'a.txt'), 'one more\n');
    const r = await build();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^cache miss at step 3 \(line 3\) COPY src\/ \/app\/: 1 source file changed: src\/a\.txt 4B → 9B$/m);
    // a file .dockerignore leaves out changes nothing
    writeFileSync(join(ctx, 'ignored.txt'), 'changed\n');
    const again = await build('--json');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).cacheMiss, undefined);
  });

  it('a build argument the RUN uses; the JSON form; a record of another version or damaged is said in one line and rewritten', async () => {
    const r = await build('--build-arg', 'V=2', '--json');
    assert.equal(r.code, 0, r.stderr);
    const miss = JSON.parse(r.stdout).cacheMiss;
    assert.equal(miss.instruction, 'RUN echo "v=$V" > /v');
    assert.deepEqual(miss.reason, { kind: 'build-arg', args: [{ name: 'V', after: '2' }] });
    const { file, record } = recordOfTag(tag);
    writeFileSync(file, JSON.stringify({ ...record, version: 0 }));
    const older = await build('--build-arg', 'V=3');
    assert.equal(older.code, 0, older.stderr);
    assert.doesNotMatch(older.stdout, MISS);
    assert.match(older.stdout, new RegExp(`^no cache explanation this time: the last build record of ${tag} is from another version of imgsh \\(this build's record replaces it\\)\nBuilt `, 'm'));
    writeFileSync(file, '{"version":');
    const damaged = await build('--build-arg', 'V=4');
    assert.equal(damaged.code, 0, damaged.stderr);
    assert.match(damaged.stdout, new RegExp(`^no cache explanation this time: the last build record of ${tag} is damaged \\(this build's record replaces it\\)$`, 'm'));
    const next = await build('--build-arg', 'V=5');
    assert.match(next.stdout, /^cache miss at step 5 \(line 5\) RUN echo "v=\$V" > \/v: build argument V 4 → 5$/m);
  });

  it('imgsh layers names the Dockerfile lines that wrote and removed each wasted copy, for an image imgsh built', async () => {
    const r = await runImgsh(['layers', tag, '--json'], { env: { XDG_STATE_HOME: state, XDG_CACHE_HOME: state } });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.match(json.dockerfile, /Dockerfile$/);
    const junk = json.wasted.find((w: { path: string }) => w.path === 'junk');
    assert.deepEqual([junk.copies[0].written.line, junk.copies[0].gone.line], [6, 7]);
    const text = await runImgsh(['layers', tag], { env: { XDG_STATE_HOME: state, XDG_CACHE_HOME: state } });
    assert.match(text.stdout, /2kB written by layer \d+ \(line 6: RUN head -c 2000 \/dev\/zero > \/junk\), removed by layer \d+ \(line 7: RUN rm \/junk\)/);
    // the advice names them too
    const advice = await runImgsh(['layers', '--advice', tag], { env: { XDG_STATE_HOME: state, XDG_CACHE_HOME: state } });
    assert.match(advice.stdout, /layer \d+ \(line 7: RUN rm \/junk\) removes files layer \d+ \(line 6: RUN head -c 2000 \/dev\/zero > \/junk\) wrote/);
    // without the record (another state folder): the steps still, no lines
    const other = mkdtempSync(join(tmpdir(), 'imgsh-cache-other-'));
    const plain = JSON.parse((await runImgsh(['layers', tag, '--json'], { env: { XDG_STATE_HOME: other, XDG_CACHE_HOME: state } })).stdout);
    rmSync(other, { recursive: true, force: true });
    assert.equal(plain.wasted.find((w: { path: string }) => w.path === 'junk').copies[0].written.line, undefined);
  });

  it('BuildKit builds keep a record too: the touched file named the same way', async () => {
    const bk = (...more: string[]) => runImgsh(['build', '--buildkit', '--label', `${TEST_LABEL}=${run}`, '-t', `${tag}-bk`, ...more, ctx], { env: { XDG_STATE_HOME: state } });
    const first = await bk();
    assert.equal(first.code, 0, first.stderr);
    // contents of this run only: BuildKit's cache has no LABEL step in front of the COPY, and
    // would take what an earlier run built from the same files
    const changed = `b ${run}\n`;
    writeFileSync(join(ctx, 'src', 'b.txt'), changed);
    const r = await bk();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^cache miss at step 3 \\(line 3\\) COPY src/ /app/: 1 source file changed: src/b\\.txt 2B → ${changed.length}B$`, 'm'));
  });

  it('the base image moved: a rebuilt base tag is named, and the record carries its new id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgsh-cache-base-'));
    try {
      const [baseTag, appTag] = [`imgsh-test/cache-base:${run}`, `imgsh-test/cache-app:${run}`];
      for (const [sub, lines] of [['base', [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'ARG V', 'RUN echo "$V" > /base']], ['app', [`FROM ${baseTag}`, 'RUN echo app > /app']]] as const) {
        mkdirSync(join(dir, sub));
        writeFileSync(join(dir, sub, 'Dockerfile'), lines.join('\n') + '\n');
      }
      const imgsh = (t: string, sub: string, ...more: string[]) => runImgsh(['build', '--label', `${TEST_LABEL}=${run}`, '-t', t, ...more, join(dir, sub)], { env: { XDG_STATE_HOME: state } });
      const id = async () => (await docker(['image', 'inspect', '-f', '{{.Id}}', baseTag])).trim();
      const short = (i: string) => i.replace(/^sha256:/, '').slice(0, 12);
      for (const r of [await imgsh(baseTag, 'base', '--build-arg', 'V=1'), await imgsh(appTag, 'app')]) assert.equal(r.code, 0, r.stderr);
      const before = await id();
      const rebuilt = await imgsh(baseTag, 'base', '--build-arg', 'V=2');
      assert.equal(rebuilt.code, 0, rebuilt.stderr);
      const after = await id();
      assert.notEqual(after, before);
      const r = await imgsh(appTag, 'app');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^cache miss at step 2 \\(line 2\\) RUN echo app > /app: the base image moved: ${short(before)} → ${short(after)}$`, 'm'));
      const { record } = recordOfTag(appTag);
      assert.deepEqual(record.steps.map((s: { base?: string }) => short(s.base ?? '')), [short(after), short(after)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
