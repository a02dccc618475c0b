// Conformance with the docker CLI (28.x, the one provision-modern.sh unpacks): the same command
// lines through `docker` and `imgsh` on the same engine print the same stdout, the same first
// line of stderr and exit with the same code. What must differ is normalised: the program's name
// in error lines, and relative times (the two runs are seconds apart).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, cleanup, docker, makeTestImage, setting, testEnv, testLabelValue, testRegistry } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';
import { REPO_ROOT } from '../support/tmux.js';

const run = testLabelValue();
const repo = `imgsh-test/forms-${run.slice(-8)}`;
const label = `${TEST_LABEL}=${run}`;
const cli = setting('IMGSH_TEST_MODERN_CLI');
const missing = cli && existsSync(cli) ? null : 'no docker 28 CLI (IMGSH_TEST_MODERN_CLI: test/support/provision-modern.sh unpacks one)';
// a run that provisioned its engines has this CLI: in CI its absence fails, elsewhere it skips
const skip = missing && !(process.env.CI && process.env.IMGSH_TEST_PROVISIONED) ? missing : false;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dockerCli(args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cli!, args, { env: testEnv({ NO_COLOR: '1' }), maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const SINCE = /\b(?:Less than a second|About an? \w+|\d+ (?:seconds?|minutes|hours|days|weeks|months|years)) ago\b/g;
const normal = (r: Ran) => ({
  code: r.code,
  stdout: r.stdout.replace(SINCE, '<since>'),
  // the program's name: `imgsh: ` before every line of imgsh's, `docker: ` before some of docker's
  stderr: (r.stderr.split('\n')[0] ?? '').replace(/^(?:imgsh|docker): /, '').replace(/'docker /g, "'imgsh ").replace(SINCE, '<since>'),
});

/** Lines as a user types them after `docker`; `L` is this run's label filter. */
const LINES: string[][] = [
  ['images', '-f', 'L'],
  ['images', '-q', '-f', 'L'],
  ['images', '--quiet', '--filter', 'L'],
  ['images', '--no-trunc', '-f', 'L'],
  ['images', '--digests', '-f', 'L'],
  ['images', '--no-trunc', '-q', '-f', 'L'],
  ['images', '--format', '{{.Repository}}:{{.Tag}}', '-f', 'L'],
  ['images', '--format', 'json', '-f', 'L'],
  ['images', '--format', '{{json .}}', '-f', 'L'],
  ['images', '--format', 'table', '-f', 'L'],
  ['images', '--format', 'table {{.ID}}\\t{{.Repository}}\\t{{.Tag}}', '-f', 'L'],
  ['images', '--format', 'table {{.Repository}}\t{{.Size}}\t{{.VirtualSize}}', '-f', 'L'],
  ['images', '--format', '{{.ID}} {{.Size}} {{.VirtualSize}} {{.CreatedAt}} {{.CreatedSince}}', '-f', 'L'],
  ['images', '--format', '{{.Containers}}|{{.SharedSize}}|{{.UniqueSize}}|{{.Digest}}', '-f', 'L'],
  ['images', '--format', '{{upper .Tag}} {{lower "ABC"}} {{title "hello world"}} {{len .Tag}}', '-f', 'L'],
  ['images', '--format', '{{range $i, $p := split .Repository "/"}}{{$i}}={{$p}};{{end}}', '-f', 'L'],
  ['images', '--format', '{{join (split .Repository "/") "+"}}|{{printf "%-30s|%5d" .Tag 42}}', '-f', 'L'],
  ['images', '--format', '{{if eq .Tag "b"}}bee{{else if eq .Tag "a"}}ay{{else}}{{.Tag}}{{end}}', '-f', 'L'],
  ['images', '--format', '{{pad .Tag 2 3}}|{{truncate .Repository 5}}|{{json .Tag}}', '-f', 'L'],
  ['images', '--format', 'table {{json .ID}}|{{upper .Tag}}', '-f', 'L'],
  ['images', '-q', '--format', '{{.Tag}}', '-f', 'L'],
  ['images', '--format', '{{.Foo}}', '-f', 'L'],
  ['images', '--format', '{{foo .}}', '-f', 'L'],
  ['images', '--format', '{{.Tag', '-f', 'L'],
  ['images', 'REPO'],
  ['images', 'REPO:a'],
  ['images', 'imgsh-test/*', '-f', 'L', '--format', '{{.Tag}}'],
  ['images', '-f', 'L', '-f', 'label=imgsh.forms=one'],
  ['images', '-f', 'L', '-f', 'dangling=true'],
  ['images', '-f', 'reference=REPO:b'],
  ['images', '-f', 'bogus=1'],
  ['image', 'ls', '-f', 'L'],
  ['image', 'ls', '-q', '-f', 'L'],
  ['image', 'list', '--format', '{{.Tag}}', '-f', 'L'],
  ['image', 'ls', '--digests', '--format', '{{.Tag}} {{.Digest}}', 'REPO'],
  ['history', 'REPO:a'],
  ['history', '--no-trunc', 'REPO:c'],
  ['history', '-q', 'REPO:c'],
  ['history', '-H=false', 'REPO:c'],
  ['history', '--human=false', '--format', 'table {{.CreatedBy}}\t{{.Size}}', '--no-trunc', 'REPO:c'],
  ['history', '--format', '{{.ID}}|{{.Size}}|{{.CreatedBy}}|{{.Comment}}', 'REPO:c'],
  ['history', '--format', 'json', 'REPO:c'],
  ['image', 'history', '-q', '--no-trunc', 'REPO:c'],
  ['inspect', 'REPO:a'],
  ['image', 'inspect', 'REPO:a', 'REPO:c'],
  ['inspect', '-f', 'json', 'REPO:c'],
  ['inspect', '-f', '{{.Id}} {{.Size}} {{.Os}}/{{.Architecture}} {{.VirtualSize}}', 'REPO:a', 'REPO:c'],
  ['inspect', '--format', '{{json .Config}}', 'REPO:c'],
  ['inspect', '-f', '{{.Config}}|{{.RootFS}}|{{.Metadata}}|{{.GraphDriver.Name}}|{{.Descriptor}}', 'REPO:c'],
  ['inspect', '-f', '{{json .}}', 'REPO:c'],
  ['inspect', '-f', '{{.Config.Labels}} {{index .Config.Labels "imgsh.forms"}} {{.Config.Env}} {{json .Config.Env}} {{.Config.ExposedPorts}}', 'REPO:c'],
  ['inspect', '-f', '{{range .RepoTags}}{{.}},{{end}} {{len .RootFS.Layers}} {{.Metadata.LastTagTime}}', 'REPO:a'],
  ['image', 'inspect', '-f', '{{.Config.Hostname}}|{{.ContainerConfig}}', 'REPO:a'],
  ['inspect', '-f', '{{.Foo}}', 'REPO:a'],
  ['inspect', '-f', '{{.Config.Foo}}', 'REPO:a', 'REPO:c'],
  ['inspect', '-f', '{{.Id', 'REPO:a'],
  ['inspect', 'REPO:nope'],
  ['image', 'inspect', 'REPO:nope'],
  ['inspect', '-f', '{{.Id}}', 'REPO:nope', 'REPO:a'],
  ['inspect', '--type', 'image', '-f', '{{.RepoTags}}', 'REPO:b'],
  ['inspect', '-s', '-f', '{{.Os}}', 'REPO:a'],
  ['image', 'inspect'],
  ['inspect', '--type', 'foo', 'REPO:a'],
  ['system', 'df'],
  ['system', 'df', '--format', 'json'],
  ['system', 'df', '--format', '{{.Type}}: {{.TotalCount}} {{.Active}} {{.Size}} {{.Reclaimable}}'],
  ['system', 'df', '--format', 'table {{.Type}}\t{{.Reclaimable}}'],
  ['system', 'df', 'x'],
  // INDEX: a registry's v1 search index on loopback (this test's; Docker Hub is not reachable here)
  ['search', 'INDEX/busy'],
  ['search', '--limit', '2', 'INDEX/busy'],
  ['search', '-f', 'stars=10', 'INDEX/busy'],
  ['search', '--filter', 'is-official=true', '-f', 'stars=1', 'INDEX/busy'],
  ['search', '--no-trunc', 'INDEX/busy'],
  ['search', '--format', '{{.Name}}|{{.StarCount}}|{{.IsOfficial}}|{{.Description}}', 'INDEX/busy'],
  ['search', '--format', '{{.IsAutomated}}', 'INDEX/busy'],
  ['search', '--format', '{{json .}}', 'INDEX/busy'],
  ['search', '--format', 'table {{.Name}}\t{{.IsOfficial}}', '--no-trunc', 'INDEX/busy'],
  ['search', '-f', 'is-automated=true', 'INDEX/busy'],
  ['search', '-f', 'bogus=1', 'INDEX/busy'],
  ['search', '--limit', '200', 'INDEX/busy'],
  ['search', 'INDEX/nothing'],
  ['search'],
  // bad input: docker's first line and exit code (125 for a flag, 1 for an argument count)
  ['history'],
  ['history', '--human=nope', 'REPO:a'],
  ['history', 'a', 'b'],
  ['images', '--bogus'],
  ['images', '-z'],
  ['images', '-qz'],
  ['images', '--format'],
  ['images', '-f'],
  ['images', 'a', 'b'],
  ['image', 'ls', '--bogus'],
];

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

/** What the test's v1 index holds: long, multi-line and wide descriptions, stars, official and automated flags. */
const INDEXED = [
  { name: 'busybox', description: 'Busybox base image, with a description longer than forty-five cells', star_count: 300, is_official: true, is_automated: false },
  { name: 'team/busy-tools', description: 'Two lines:\nthe second\rand a third', star_count: 12, is_official: false, is_automated: true },
  { name: 'team/busy-日本語', description: '日本語の説明がここにあります、とても長い説明です。四十五セルを超えます', star_count: 5, is_official: false, is_automated: false },
  { name: 'x/busy', description: '', star_count: 0, is_official: false, is_automated: false },
];
/** A registry's v1 search (GET /v1/_ping, /v1/search?q=&n=), as the engine asks it for `docker search HOST/TERM`. */
const index = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://index');
  res.setHeader('content-type', 'application/json');
  if (url.pathname === '/v1/_ping') return res.end('{}');
  if (url.pathname !== '/v1/search') return res.writeHead(404).end('{}');
  const q = url.searchParams.get('q') ?? '';
  const results = INDEXED.filter((r) => r.name.includes(q)).slice(0, Number(url.searchParams.get('n') ?? 25));
  res.end(JSON.stringify({ num_results: results.length, query: q, results }));
});
let searchIndex = '';

describe('docker forms: imgsh prints what docker prints', { skip }, () => {
  before(async () => {
    assert.equal(missing, null);
    await new Promise<void>((resolve) => index.listen(0, '127.0.0.1', resolve));
    searchIndex = `127.0.0.1:${(index.address() as AddressInfo).port}`;
    assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build`');
    await makeTestImage(`${repo}:a`, { labels: { 'imgsh.forms': 'one' } });
    await docker(['tag', `${repo}:a`, `${repo}:b`]);
    // a second image, a second later: the engine orders by creation time, and ties by chance
    await new Promise((r) => setTimeout(r, 1100));
    await makeTestImage(`${repo}:c`, { labels: { 'imgsh.forms': 'two' }, steps: ['RUN echo two > /two'] });
  });
  after(async () => {
    index.close();
    await docker(['rm', '-f', `imgsh-test-forms-${run.slice(-8)}`]).catch(() => {});
    for (const t of ['t1', 't2', 't3']) await docker(['rmi', `${repo}:${t}`]).catch(() => {});
    await docker(['rmi', `${testRegistry()}/${repo}:p1`]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  });

  const remote = `${testRegistry()}/${repo}`;
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-forms-'));
  const container = `imgsh-test-forms-${run.slice(-8)}`;
  const fill = (words: string[]) =>
    words.map((w) =>
      w === 'L' ? `label=${label}` : w === 'LV' ? label : w.replace('REMOTE', remote).replace('REPO', repo).replace('DIR', dir).replace('CNAME', container).replace('INDEX', searchIndex),
    );
  const compare = (args: string[], theirs: Ran, ours: Ran) => {
    const [a, b] = [normal(ours), normal(theirs)];
    // the two ran a moment apart: across a boundary ("59 seconds" / "About a minute") a table's
    // CREATED column has another width, and only then are its runs of spaces compared as one
    const since = (r: Ran) => [...r.stdout.matchAll(SINCE)].join();
    if (since(ours) !== since(theirs)) for (const r of [a, b]) r.stdout = r.stdout.replace(/ {2,}/g, '  ');
    assert.deepEqual(a, b, `docker ${args.join(' ')}`);
  };

  // docker's flags that imgsh does not take yet, and why
  const NOT_YET: Record<string, string[]> = {
    images: ['tree'], // docker's experimental tree view
  };
  it('--help: every flag docker\'s --help lists, imgsh lists too (its own apart)', async () => {
    const flags = (help: string) => [...(/^Options:\n([\s\S]*?)(?:\n\n|$)/m.exec(help)?.[1] ?? '').matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);
    for (const command of ['images', 'image inspect', 'history', 'rmi', 'tag', 'pull', 'push', 'save', 'load', 'image prune', 'system df', 'commit', 'search']) {
      const words = [...command.split(' '), '--help'];
      const [theirs, ours] = await Promise.all([dockerCli(words), runImgsh(words)]);
      assert.equal(ours.code, 0, ours.stderr);
      assert.match(ours.stdout, new RegExp(`^Usage:  imgsh `));
      const name = command.split(' ').at(-1)!;
      const missing = flags(theirs.stdout).filter((f) => !flags(ours.stdout).includes(f) && !(NOT_YET[name] ?? []).includes(f));
      assert.deepEqual(missing, [], `${command}: docker's flags imgsh lacks`);
    }
  });

  for (const words of LINES) {
    it(words.join(' '), async () => {
      const args = fill(words); // after before(): the index's port is known then
      const [theirs, ours] = await Promise.all([dockerCli(args), runImgsh(args, { timeoutMs: 15_000 })]);
      compare(args, theirs, ours);
    });
  }

  // one after the other: docker 20.10 refuses a second disk usage scan while one runs
  it('system df -v, with a container of this run (its image, command, size, name)', async () => {
    await docker(['rm', '-f', container]).catch(() => {});
    await docker(['create', '--name', container, '--label', label, `${repo}:c`, 'sh', '-c', 'echo "a long command, cut by docker at twenty cells"']);
    try {
      for (const words of [
        ['system', 'df', '-v'],
        ['system', 'df', '-v', '--format', '{{range .Containers}}{{.Names}}|{{.Command}}|{{.Image}}|{{.Status}}\n{{end}}{{len .Images}}\n'],
        ['system', 'df', '--verbose', '--format', 'json'],
      ]) {
        const theirs = await dockerCli(words);
        compare(words, theirs, await runImgsh(words, { timeoutMs: 15_000 }));
      }
    } finally {
      await docker(['rm', '-f', container]).catch(() => {});
    }
  });

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
});
