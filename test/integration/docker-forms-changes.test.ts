// docker's lines that change the engine (tag, rmi, push, pull, save, load, prune, commit), each
// after its setup, once by docker 28's CLI and once by imgsh: the same stdout, first line of
// stderr and exit code (see test/support/docker-forms.ts).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { docker } from '../support/engine.js';
import { compare, dockerCli, formsFixture, skip } from '../support/docker-forms.js';
import { runImgsh } from '../support/imgsh.js';

const forms = formsFixture('formsc');
const { repo, remote, dir, container, fill } = forms;

const ZEROS = '0'.repeat(64);
/** Lines that change the engine: each runs after its setup (docker lines), once by docker and once by imgsh. */
const CHANGES: { setup?: string[][]; line: string[]; newIds?: boolean }[] = [
  { line: ['tag', 'REPO:a', 'REPO:t2'] },
  { line: ['tag', 'REPO:nope', 'REPO:t3'] },
  // not UPPER/x: docker reads UPPER as a registry's host there, and tags it
  { line: ['tag', 'REPO:a', 'x/UPPER'] },
  { line: ['tag', 'REPO:a', `REPO@sha256:${ZEROS}`] },
  { line: ['tag', 'REPO:a', 'REPO@sha256:abc'] },
  { line: ['tag', 'Bad/x', 'REPO:t3'] },
  { line: ['tag', 'REPO:a'] },
  { line: ['image', 'tag', 'REPO:c', 'REPO:t2'] },
  { setup: [['tag', 'REPO:a', 'REPO:t1']], line: ['rmi', 'REPO:t1', 'REPO:nope'] },
  { setup: [['tag', 'REPO:a', 'REPO:t1']], line: ['image', 'rm', 'REPO:t1'] },
  { setup: [['tag', 'REPO:a', 'REPO:t1'], ['tag', 'REPO:c', 'REPO:t2']], line: ['rmi', 'REPO:t1', 'REPO:t2'] },
  { setup: [['tag', 'REPO:a', 'REPO:t1']], line: ['image', 'remove', '--no-prune', 'REPO:t1'] },
  { line: ['rmi', 'REPO:nope'] },
  // the loopback registry (REMOTE is a repository there) and archives (DIR is a new folder); a
  // registry's refusal is imgsh's one line that says what to do, so those lines are not here
  { setup: [['tag', 'REPO:a', 'REMOTE:p1']], line: ['push', '-q', 'REMOTE:p1'] },
  { setup: [['tag', 'REPO:a', 'REMOTE:p1']], line: ['push', '-q', '--platform', 'linux/amd64', 'REMOTE:p1'] },
  { setup: [['tag', 'REPO:a', 'REMOTE:p1'], ['push', '-q', 'REMOTE:p1'], ['rmi', 'REMOTE:p1']], line: ['pull', '-q', 'REMOTE:p1'] },
  { setup: [['tag', 'REPO:a', 'REMOTE:p1'], ['push', '-q', 'REMOTE:p1'], ['rmi', 'REMOTE:p1']], line: ['pull', 'REMOTE:p1'] },
  { setup: [['tag', 'REPO:a', 'REMOTE:p1'], ['push', '-q', 'REMOTE:p1']], line: ['image', 'pull', 'REMOTE:p1'] },
  { line: ['pull', '-a', 'REMOTE:p1'] },
  { line: ['pull', '-q', 'UPPER'] },
  { line: ['pull'] },
  { line: ['save', '-o', 'DIR/a.tar', 'REPO:a'] },
  { line: ['image', 'save', '-o', 'DIR/a.tar', 'REPO:a', 'REPO:nope'] },
  { line: ['save', 'REPO:nope'] },
  { setup: [['save', '-o', 'DIR/c.tar', 'REPO:c']], line: ['load', '-i', 'DIR/c.tar'] },
  { setup: [['save', '-o', 'DIR/c.tar', 'REPO:c']], line: ['image', 'load', '-q', '--input', 'DIR/c.tar'] },
  { line: ['load', '-i', 'DIR/none.tar'] },
  // --platform: docker's line on an engine older than the API it needs; the engine's answer on Docker 28
  { setup: [['save', '-o', 'DIR/c.tar', 'REPO:c']], line: ['load', '--platform', 'linux/amd64', '-q', '-i', 'DIR/c.tar'] },
  { setup: [['tag', 'REPO:a', 'REPO:t1']], line: ['rmi', '--platform', 'linux/arm64', 'REPO:t1'] },
  { setup: [['tag', 'REPO:a', 'REPO:t1']], line: ['image', 'rm', '--platform', 'linux/amd64,linux/arm64', 'REPO:t1', 'REPO:nope'] },
  { line: ['load', 'x'] },
  { line: ['image', 'prune', '-f', '--filter', 'label=imgsh.forms=none'] },
  // a container (CNAME) to commit; each commit makes a new image, so its id is not compared
  { setup: [['create', '--name', 'CNAME', '--label', 'LV', 'REPO:a']], line: ['commit', 'CNAME', 'REPO:t1'], newIds: true },
  { setup: [['create', '--name', 'CNAME', '--label', 'LV', 'REPO:a']], line: ['container', 'commit', '-m', 'a message', '-a', 'me <me@example.com>', '-c', 'ENV A=1', '-c', 'CMD ["sh"]', '-p=false', 'CNAME', 'REPO:t2'], newIds: true },
  { setup: [['create', '--name', 'CNAME', '--label', 'LV', 'REPO:a']], line: ['commit', 'CNAME', 'UPPER'] },
  { line: ['commit', 'REPO-nope'] },
  { line: ['commit'] },
  { setup: [['tag', 'REPO:a', 'REPO:t1']], line: ['rmi', 'UPPER', 'REPO:t1'] },
  { line: ['rmi'] },
];

describe('docker forms that change the engine: imgsh does what docker does', { skip }, () => {
  before(() => forms.setUp());
  after(() => forms.tearDown());

  for (const { setup = [], line, newIds } of CHANGES) {
    const args = fill(line);
    const prepare = async () => {
      // what an earlier line may have left, all at once (most are not there)
      const leftovers = [...['t1', 't2', 't3'].map((t) => ['rmi', `${repo}:${t}`]), ['rmi', `${remote}:p1`], ['rm', '-f', container]];
      await Promise.all(leftovers.map((words) => docker(words).catch(() => {})));
      rmSync(join(dir, 'a.tar'), { force: true });
      for (const words of setup) await docker(fill(words));
    };
    // a new image: what it holds is compared instead of its id
    const made = () => docker(['image', 'inspect', '-f', '{{.Comment}}|{{.Author}}|{{json .Config}}|{{.RepoTags}}', args.at(-1)!]).catch(() => 'none');
    it(`${line.join(' ')} (changes the engine)`, async () => {
      await prepare();
      const theirs = await dockerCli(args);
      const theirImage = newIds ? await made() : '';
      await prepare();
      const ours = await runImgsh(args, { timeoutMs: 15_000 });
      const ourImage = newIds ? await made() : '';
      if (newIds) for (const r of [theirs, ours]) r.stdout = r.stdout.replace(/sha256:[0-9a-f]{64}/g, 'sha256:<new>');
      compare(args, theirs, ours);
      assert.equal(ourImage, theirImage);
    });
  }

  // a registry's refusal is imgsh's one line, but what docker printed before it is the same
  it('push -q --platform that fails: the same stdout (docker\'s note) and exit code', async () => {
    const args = fill(['push', '-q', '--platform', 'linux/amd64', 'REMOTE:never-tagged']);
    const [theirs, ours] = [await dockerCli(args), await runImgsh(args, { timeoutMs: 15_000 })];
    assert.deepEqual({ code: ours.code, stdout: ours.stdout }, { code: theirs.code, stdout: theirs.stdout });
    assert.notEqual(theirs.code, 0);
  });
});
