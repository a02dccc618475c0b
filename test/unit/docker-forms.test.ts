// The pieces of docker's `images` output that are not the template: go-units sizes and durations,
// Go's time.String, and the rows docker builds from an engine's image list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerImageRows } from '../../src/domain/images/docker-image-rows.js';
import type { ImageSummary } from '../../src/domain/images/image.js';
import { goTimeString, humanDuration, humanSize } from '../../src/domain/text/docker-units.js';
import { fromDockerForm } from '../../src/shell/docker-forms.js';

describe('docker units', () => {
  it('sizes as go-units prints them, 3 digits in the list and 4 elsewhere', () => {
    assert.deepEqual(
      [humanSize(402_530_000, 3), humanSize(402_530_000), humanSize(1_984_000, 3), humanSize(1_984_000), humanSize(0, 3), humanSize(512, 3)],
      ['403MB', '402.5MB', '1.98MB', '1.984MB', '0B', '512B'],
    );
    // Go's %.3g rounds 999.7 up to an exponent, and docker prints it so
    assert.equal(humanSize(999_700, 3), '1e+03kB');
  });

  it('durations as go-units words them', () => {
    const cases: [number, string][] = [[0.5, 'Less than a second'], [1, '1 second'], [59, '59 seconds'], [60, 'About a minute'], [119, 'About a minute'], [120, '2 minutes'], [3599, '59 minutes'], [3600, 'About an hour'], [5399, 'About an hour'], [5400, '2 hours'], [47 * 3600, '47 hours'], [48 * 3600, '2 days'], [14 * 86400, '2 weeks'], [60 * 86400, '2 months'], [800 * 86400, '2 years']];
    for (const [s, words] of cases) assert.equal(humanDuration(s), words, `${s} s`);
  });

  it("Go's time.String in the process's zone", () => {
    assert.equal(goTimeString(1796563168, 'UTC'), '2026-12-06 13:19:28 +0000 UTC');
    assert.match(goTimeString(1796563168, 'Asia/Kolkata'), /^2026-12-06 18:49:28 \+0530 \S+$/);
  });
});

const image = (over: Partial<ImageSummary>): ImageSummary => ({ id: 'sha256:abc', parentId: '', repoTags: [], repoDigests: [], created: 1, size: 10, labels: {}, ...over });

describe('docker image rows', () => {
  it('a row per repository and tag, digests beside their tags when asked, a dangling image once', () => {
    const [d1, d2] = [`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`];
    const images = [
      image({ repoTags: ['busybox:latest', 'busybox:1', 'docker.io/library/alpine:3'], repoDigests: [`busybox@${d1}`, `other/x@${d2}`, 'not a ref'] }),
      image({ id: 'sha256:def' }),
    ];
    const rows = (digests: boolean, digestRows: boolean) => dockerImageRows(images, { digests, digestRows }).map((r) => `${r.repository}:${r.tag}@${r.digest}`);
    assert.deepEqual(rows(false, false), ['busybox:latest@<none>', 'busybox:1@<none>', 'alpine:3@<none>', 'other/x:<none>@', '<none>:<none>@<none>']);
    assert.deepEqual(rows(true, true), [`busybox:latest@${d1}`, `busybox:1@${d1}`, 'alpine:3@<none>', `other/x:<none>@${d2}`, '<none>:<none>@<none>']);
  });

  it("reads docker's two-word forms as imgsh's commands", () => {
    assert.deepEqual(fromDockerForm(['image', 'ls', '-q']), ['images', '-q']);
    assert.deepEqual(fromDockerForm(['image', 'rm', 'x']), ['rmi', 'x']);
    assert.deepEqual(fromDockerForm(['images', 'ls']), ['images', 'ls']);
  });
});

describe('the README says, per command, how it stands beside docker', () => {
  it('every one-shot command declares it', async () => {
    const { COMMANDS } = await import('../../commands/index.js');
    const silent = COMMANDS.filter((c) => !c.appOnly && !c.asDocker).map((c) => c.name);
    assert.deepEqual(silent, []);
  });
});

describe("a docker form's --help", () => {
  it("is in docker's shape: usage, aliases, options sorted with their kind, imgsh's own apart", async () => {
    const { COMMANDS } = await import('../../commands/index.js');
    const { helpFor } = await import('../../src/shell/help-text.js');
    const help = helpFor(COMMANDS.find((c) => c.name === 'images')!);
    assert.match(help, /^Usage:  imgsh images \[OPTIONS\] \[REPOSITORY\[:TAG\]\]\n\nList images/);
    assert.match(help, /\nAliases:\n  imgsh image ls, imgsh image list, imgsh ls, imgsh images\n/);
    const options = /\nOptions:\n([\s\S]*?)\n\n/.exec(help)![1].split('\n');
    assert.deepEqual(options.map((l) => /--([\w-]+)/.exec(l)![1]), ['all', 'digests', 'filter', 'format', 'no-trunc', 'quiet', 'tree']);
    assert.match(options[0], /^  -a, --all {2,}Show all images/);
    assert.match(options[1], /^ {6}--digests {2,}Show digests/);
    assert.match(options[2], /^  -f, --filter list {2,}/);
    assert.match(help, /\nimgsh's own options:\n {6}--json {2,}Print the result as JSON\n {6}--search string {2,}imgsh: a fuzzy filter/);
    // imgsh's own commands keep imgsh's help
    assert.match(helpFor(COMMANDS.find((c) => c.name === 'layers')!), /^usage: imgsh layers /);
  });
});
