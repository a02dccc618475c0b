// docker's read-only lines (images, history, inspect, system df, search) through docker 28's CLI
// and imgsh on the same engine: the same stdout, first line of stderr and exit code (see
// test/support/docker-forms.ts). The lines that change the engine are in docker-forms-changes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { docker } from '../support/engine.js';
import { apiAtLeast } from '../../src/engine/api/convert.js';
import { compare, dockerCli, onTerminal, formsFixture, skip } from '../support/docker-forms.js';
import { runImgsh } from '../support/imgsh.js';

const forms = formsFixture('forms');
const { repo, label, container, fill } = forms;

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
  ['images', '--tree', '-f', 'L'],
  // not -a over the run's build steps: several made in one second come in the engine's map order, another each time
  ['images', '--tree', '-a', 'REPO:a'],
  ['images', '--tree', 'REPO:c'],
  ['images', '--tree', '-q'],
  ['images', '--tree', '--format', 'json'],
  ['images', '--tree', '--no-trunc'],
  ['images', '--tree', '--digests'],
  ['images', '--format', 'raw', '-f', 'L'],
  ['images', '--format', 'raw', '--digests', '-f', 'L'],
  ['images', '-q', '--format', 'raw', '-f', 'L'],
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
  ['system', 'df', '--format', 'raw'],
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
describe('docker forms: imgsh prints what docker prints', { skip }, () => {
  before(async () => {
    await new Promise<void>((resolve) => index.listen(0, '127.0.0.1', resolve));
    forms.setSearchIndex(`127.0.0.1:${(index.address() as AddressInfo).port}`);
    await forms.setUp();
  });
  after(async () => {
    index.close();
    await forms.tearDown();
  });

  // docker's flags that imgsh does not take yet, and why
  const NOT_YET: Record<string, string[]> = {
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
      // disk usage one after the other: a scan running beside another sees build cache in use
      // (Docker 28 counted one record active for the second), and docker 20.10 refuses the second
      const [theirs, ours] =
        words[0] === 'system'
          ? [await dockerCli(args), await runImgsh(args, { timeoutMs: 15_000 })]
          : await Promise.all([dockerCli(args), runImgsh(args, { timeoutMs: 15_000 })]);
      compare(args, theirs, ours);
    });
  }

  it('images --tree on a terminal (ptys of 100 and 40 columns): docker\'s colours, widths, the columns that fit', async (t) => {
    // below API 1.47 both refuse it on stderr, which the pty mixes in (the lines above compare that)
    if (!apiAtLeast(await engineApi(), '1.47')) return t.skip('the engine is older than API 1.47');
    for (const columns of [100, 40]) {
      const { theirs, ours } = await onTerminal(fill(['images', '--tree', '-f', 'L']), columns);
      assert.equal(ours, theirs, `${columns} columns`);
    }
  });

  // one after the other: docker 20.10 refuses a second disk usage scan while one runs
  it('system df -v, with a container of this run (its image, command, size, name)', async () => {
    await docker(['rm', '-f', container]).catch(() => {});
    await docker(['create', '--name', container, '--label', label, `${repo}:c`, 'sh', '-c', 'echo "a long command, cut by docker at twenty cells"']);
    try {
      for (const words of [
        ['system', 'df', '-v'],
        ['system', 'df', '-v', '--format', '{{range .Containers}}{{.Names}}|{{.Command}}|{{.Image}}|{{.Status}}\n{{end}}{{len .Images}}\n'],
        ['system', 'df', '--verbose', '--format', 'json'],
        ['system', 'df', '-v', '--format', 'raw'],
        // in use: the U chip
        fill(['images', '--tree', '-f', 'L']),
      ]) {
        const theirs = await dockerCli(words);
        compare(words, theirs, await runImgsh(words, { timeoutMs: 15_000 }));
      }
    } finally {
      await docker(['rm', '-f', container]).catch(() => {});
    }
  });
});

async function engineApi(): Promise<string> {
  return (await docker(['version', '-f', '{{.Server.APIVersion}}'])).trim();
}
