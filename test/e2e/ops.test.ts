// Image operations by key in a real terminal (tmux), against the test engine and the loopback
// registry: pull with p, push with u, tag with t, delete with d (confirming), save with s and
// load it back with l. Every image made here carries the run's imgsh.test label; cleanup
// removes them, the tar files, and the manifests pushed to the registry.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMANDS } from '../../commands/index.js';
import { cleanup, docker, makeTestImage, testLabelValue, testRegistry } from '../support/engine.js';
import { capture, kill, REPO_ROOT, sendKeys, sendText, stackTraceLines, startTmux, tmuxAvailable, waitFor, waitForNot } from '../support/tmux.js';

const registry = testRegistry();
const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : !registry ? 'no loopback registry: run test/support/provision.sh' : false;
/** Skips a test whose command is not registered yet, saying so. */
const needs = (...names: string[]) => names.filter((n) => !COMMANDS.some((c) => c.name === n)).map((n) => `${n}: not registered yet`)[0] ?? false;

const run = testLabelValue();
// Short enough for the TAG column: the run's pid and random suffix.
const tag = run.split('-').slice(-2).join('-');
const labels = { 'imgsh.fixture': 'ops' };
const remoteRepo = `${registry}/e2e-ops/app`;
const remote = `${remoteRepo}:${tag}`;
const pushRepo = `${registry}/e2e-ops/pushed`;
const tagme = `e2e-ops/tagme:${tag}`;
const delme = `e2e-ops/delme:${tag}`;
const saveme = `e2e-ops/saveme:${tag}`;
const sessions: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'imgsh-e2e-ops-'));
const pushed: { repo: string; tag: string }[] = [];

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A row of the images list: repository, then the tag, on one line. */
const rowOf = (ref: string) => {
  const colon = ref.lastIndexOf(':');
  return new RegExp(`${reEscape(ref.slice(0, colon))}\\s+${reEscape(ref.slice(colon + 1))}\\b`);
};

/** The app in `cwd` (the temp dir, where `s` saves), waiting for the list with `ref` in it. */
async function startWith(ref: string): Promise<string> {
  const s = await startTmux({ cwd: dir, cmd: `node ${join(REPO_ROOT, 'bin/imgsh.js')}` });
  sessions.push(s);
  await waitFor(s, rowOf(ref), 8000);
  return s;
}

const listRows = (screen: string) => screen.split('\n').filter((l) => /^[ *][ ›]\S/.test(l) && !l.includes('REPOSITORY'));

/**
 * Narrows the list to `query` with `/`, keeps the filter and selects `wanted`. The search is
 * fzf-style (letters in order, labels too), so another test image may match as well.
 */
async function narrow(s: string, query: string, wanted: string): Promise<void> {
  await sendText(s, '/');
  await waitFor(s, /^\//m);
  await sendText(s, query);
  await waitFor(s, new RegExp(`^/${reEscape(query)}`, 'm'));
  await sendKeys(s, 'Enter');
  const screen = await waitFor(s, new RegExp(`matching “${reEscape(query)}”`));
  const at = listRows(screen).findIndex((l) => rowOf(wanted).test(l));
  assert.ok(at >= 0, `${wanted} is in the list:\n${screen}`);
  if (at > 0) await sendText(s, 'j'.repeat(at));
  const selected = await waitFor(s, new RegExp(`^[ *]›${reEscape(wanted.slice(0, wanted.lastIndexOf(':')))}\\s`, 'm'));
  assert.match(listRows(selected).find((l) => l[1] === '›') ?? '', rowOf(wanted), `${wanted} is selected:\n${selected}`);
}

/** Presses a key that opens the command line and waits for exactly the prefilled text (tmux trims the trailing space). */
async function keyOpens(s: string, key: string, prefilled: string): Promise<void> {
  await sendText(s, key);
  await waitFor(s, new RegExp(`^:${reEscape(prefilled.trimEnd())}\\s*$`, 'm'));
}

/** Waits for the job's closing message, then checks the job is gone: no panel, no "running…". */
async function jobDone(s: string, message: RegExp, timeoutMs = 30_000): Promise<string> {
  await waitFor(s, message, timeoutMs);
  return waitForNot(s, /— running…|Esc cancels|— waiting for your answer/);
}

/** rmi reports a line per untag and delete: the output overlay shows them; Esc closes it. */
async function closeRmiOutput(s: string): Promise<void> {
  await jobDone(s, /Deleted: sha256:/);
  await sendKeys(s, 'Escape');
  await waitForNot(s, /Esc close/);
}

async function assertClean(s: string): Promise<void> {
  const screen = await capture(s);
  assert.deepEqual(stackTraceLines(screen), [], `stack trace on screen:\n${screen}`);
}

/** HEAD or DELETE a manifest of the test registry (it has deletes enabled). */
const manifest = (path: string, reference: string, method: 'HEAD' | 'DELETE') =>
  fetch(`http://${registry}/v2/${path}/manifests/${reference}`, { method, headers: { accept: MANIFEST_TYPES } });

// Docker 20.10 pushes docker manifests; the containerd store pushes OCI ones (an index on Docker 28)
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

async function unpush(repo: string, ref: string): Promise<void> {
  const path = repo.slice(`${registry}/`.length);
  const res = await manifest(path, ref, 'HEAD');
  const digest = res.headers.get('docker-content-digest');
  if (res.ok && digest) await manifest(path, digest, 'DELETE');
}

describe('image operations by key', { skip }, () => {
  before(async () => {
    // The image to pull: built here, pushed to the registry, then removed from the engine.
    await makeTestImage(`e2e-ops/src:${tag}`, { labels, files: { '/ops.txt': `${run}\n` } });
    await docker(['tag', `e2e-ops/src:${tag}`, remote]);
    await docker(['push', remote]);
    pushed.push({ repo: remoteRepo, tag });
    await docker(['rmi', `e2e-ops/src:${tag}`, remote]);
    await makeTestImage(tagme, { labels, files: { '/tagme.txt': run } });
    await makeTestImage(delme, { labels, files: { '/delme.txt': run } });
    await makeTestImage(saveme, { labels, files: { '/saveme.txt': run } });
    await makeTestImage(`${pushRepo}:${tag}`, { labels, files: { '/pushed.txt': run } });
  });

  after(async () => {
    for (const s of sessions) await kill(s);
    for (const p of pushed) await unpush(p.repo, p.tag).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  });

  it('p opens "pull "; the typed ref is pulled and appears in the list', { skip: needs('pull') }, async () => {
    const s = await startWith(tagme);
    assert.doesNotMatch(await capture(s), rowOf(remote));
    await keyOpens(s, 'p', 'pull ');
    await sendText(s, remote);
    await waitFor(s, new RegExp(`^:pull ${reEscape(remote)}`, 'm'));
    await sendKeys(s, 'Enter');
    await jobDone(s, new RegExp(`Pulled ${reEscape(remote)}`));
    await waitFor(s, rowOf(remote));
    await assertClean(s);
  });

  it('u opens "push REF" for the selected image; Enter pushes it to the registry', { skip: needs('push') }, async () => {
    const ref = `${pushRepo}:${tag}`;
    const s = await startWith(ref);
    await narrow(s, `e2e-ops/pushed ${tag}`, ref);
    await keyOpens(s, 'u', `push ${ref}`);
    await sendKeys(s, 'Enter');
    pushed.push({ repo: pushRepo, tag });
    await jobDone(s, new RegExp(`Pushed ${reEscape(ref)}`));
    const res = await manifest('e2e-ops/pushed', tag, 'HEAD');
    assert.equal(res.status, 200, `the registry has ${ref}`);
    await assertClean(s);
  });

  it('t opens "tag REF REPOSITORY:"; the typed tag appears as a new row', { skip: needs('tag') }, async () => {
    const s = await startWith(tagme);
    await narrow(s, `tagme ${tag}`, tagme);
    await keyOpens(s, 't', `tag ${tagme} e2e-ops/tagme:`);
    await sendText(s, `${tag}-b`);
    await sendKeys(s, 'Enter');
    await jobDone(s, new RegExp(`Tagged ${reEscape(tagme)} as`));
    const screen = await waitFor(s, rowOf(`e2e-ops/tagme:${tag}-b`));
    assert.match(screen, rowOf(tagme), 'the source keeps its tag');
    await assertClean(s);
  });

  it('d asks first: n keeps the image; y deletes it and the row vanishes', { skip: needs('rmi') }, async () => {
    const s = await startWith(delme);
    await narrow(s, `delme ${tag}`, delme);
    await sendText(s, 'd');
    const asked = await waitFor(s, /Confirm.*y\/Enter yes · n\/Esc no/, 10_000);
    assert.match(asked, new RegExp(`Delete ${reEscape(delme)} \\(frees up to`));
    await sendText(s, 'n');
    const kept = await jobDone(s, /Nothing removed/);
    assert.match(kept, rowOf(delme));
    await sendText(s, 'd');
    await waitFor(s, /y\/Enter yes/, 10_000);
    await sendText(s, 'y');
    await closeRmiOutput(s);
    await waitForNot(s, rowOf(delme));
    await assertClean(s);
    await assert.rejects(docker(['image', 'inspect', delme]), /No such image/i);
  });

  it('s saves the selected image to ./NAME.tar; after d, l loads it back with the same id', { skip: needs('save', 'load', 'rmi') }, async () => {
    const id = (await docker(['image', 'inspect', '-f', '{{.Id}}', saveme])).trim();
    const file = join(dir, 'e2e-ops_saveme.tar');
    const s = await startWith(saveme);
    await narrow(s, `saveme ${tag}`, saveme);
    await keyOpens(s, 's', `save -o ./e2e-ops_saveme.tar ${saveme}`);
    await sendKeys(s, 'Enter');
    await jobDone(s, new RegExp(`Saved ${reEscape(saveme)} to`));
    assert.ok(existsSync(file) && statSync(file).size > 0, `${file} written`);

    await sendText(s, 'd');
    await waitFor(s, /y\/Enter yes/, 10_000);
    await sendText(s, 'y');
    await closeRmiOutput(s);
    await waitForNot(s, rowOf(saveme));

    await keyOpens(s, 'l', 'load -i ');
    await sendText(s, './e2e-ops_saveme.tar');
    await waitFor(s, /^:load -i \.\/e2e-ops_saveme\.tar/m);
    await sendKeys(s, 'Enter');
    await jobDone(s, new RegExp(`Loaded image: ${reEscape(saveme)}`));
    await waitFor(s, rowOf(saveme));
    assert.equal((await docker(['image', 'inspect', '-f', '{{.Id}}', saveme])).trim(), id);
    await assertClean(s);
  });
});
