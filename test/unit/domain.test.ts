import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanCreatedBy } from '../../src/domain/images/details.js';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { applyFilters, filtersToQuery, parseEngineFilter } from '../../src/domain/images/filter.js';
import { RowSearch } from '../../src/domain/images/fuzzy.js';
import { splitRepoTag, toRows, type ImageSummary } from '../../src/domain/images/image.js';
import { formatBytes, parseBytes } from '../../src/domain/text/size.js';
import { nextSortKey, sortRows } from '../../src/domain/images/sort.js';
import { relativeTime } from '../../src/domain/text/time.js';

const image = (id: string, tags: string[], extra: Partial<ImageSummary> = {}): ImageSummary => ({
  id: `sha256:${id.padEnd(64, '0')}`,
  parentId: '',
  repoTags: tags,
  repoDigests: [],
  created: 1_700_000_000,
  size: 1000,
  labels: {},
  ...extra,
});

describe('image rows', () => {
  it('makes one row per tag and one <none> row for a dangling image', () => {
    const rows = toRows(
      [image('aa', ['busybox:latest', 'busybox:1']), image('bb', ['<none>:<none>']), image('cc', [])],
      new Map([[`sha256:${'aa'.padEnd(64, '0')}`, 2]]),
    );
    assert.deepEqual(
      rows.map((r) => [r.repository, r.tag, r.containers, r.dangling]),
      [
        ['busybox', 'latest', 2, false],
        ['busybox', '1', 2, false],
        ['<none>', '<none>', 0, true],
        ['<none>', '<none>', 0, true],
      ],
    );
    assert.equal(rows[0].shortId, 'aa0000000000');
  });

  it('keeps a registry port in the repository', () => {
    assert.deepEqual(splitRepoTag('127.0.0.1:5000/x/y:1.0'), { repository: '127.0.0.1:5000/x/y', tag: '1.0' });
    assert.deepEqual(splitRepoTag('127.0.0.1:5000/x'), { repository: '127.0.0.1:5000/x', tag: '<none>' });
  });

  it('sorts by created, size and name, and filters dangling / in use', () => {
    const rows = toRows(
      [
        image('a1', ['zeta:1'], { created: 3, size: 10 }),
        image('a2', ['alpha:1'], { created: 1, size: 30 }),
        image('a3', [], { created: 2, size: 20 }),
      ],
      new Map([[`sha256:${'a2'.padEnd(64, '0')}`, 1]]),
    );
    assert.deepEqual(sortRows(rows, 'created').map((r) => r.created), [3, 2, 1]);
    assert.deepEqual(sortRows(rows, 'size').map((r) => r.size), [30, 20, 10]);
    assert.deepEqual(sortRows(rows, 'name').map((r) => r.repository), ['alpha', 'zeta', '<none>']);
    assert.equal(nextSortKey('name'), 'created');
    assert.equal(applyFilters(rows, { danglingOnly: true, inUseOnly: false }).length, 1);
    assert.deepEqual(applyFilters(rows, { danglingOnly: false, inUseOnly: true }).map((r) => r.repository), ['alpha']);
  });
});

describe('fuzzy search', () => {
  const rows = toRows(
    ['busybox:latest', 'alpine:3', 'nginx:1.25', 'my/busybox-tools:2', 'postgres:16'].map((t, i) => image(`c${i}`, [t])),
    new Map(),
  );
  it('finds busybox rows for "bsybx" and highlights the match', () => {
    const hits = new RowSearch(rows).search('bsybx');
    assert.deepEqual(hits.map((h) => h.row.repository).sort(), ['busybox', 'my/busybox-tools']);
    assert.ok(hits[0].highlights.repository && hits[0].highlights.repository.length > 0);
  });
  it('returns everything for an empty query and nothing for nonsense', () => {
    const s = new RowSearch(rows);
    assert.equal(s.search('').length, rows.length);
    assert.equal(s.search('qqqqqqq').length, 0);
  });
});

describe('sizes, times, filters, history', () => {
  it('formats and parses sizes like docker', () => {
    assert.equal(formatBytes(0), '0B');
    assert.equal(formatBytes(1_980_000), '1.98MB');
    assert.equal(formatBytes(72_800_000), '72.8MB');
    assert.equal(parseBytes('20MB'), 20_000_000);
    assert.equal(parseBytes('1KiB'), 1024);
    assert.throws(() => parseBytes('lots'), /use a number/);
  });
  it('says relative times', () => {
    const now = 1_700_000_000_000;
    assert.equal(relativeTime(now / 1000 - 5, now), '5 seconds ago');
    assert.equal(relativeTime(now / 1000 - 3 * 86400, now), '3 days ago');
    assert.equal(relativeTime(now / 1000 - 3600, now), 'About an hour ago');
  });
  it('parses engine filters with clear errors', () => {
    assert.deepEqual(filtersToQuery([parseEngineFilter('label=a=b'), parseEngineFilter('label=c')]), { label: ['a=b', 'c'] });
    assert.deepEqual(parseEngineFilter('colour=red'), { key: 'colour', value: 'red' });
    assert.throws(() => parseEngineFilter('dangling'), /KEY=VALUE/);
  });
  it('cleans created-by', () => {
    assert.equal(cleanCreatedBy('/bin/sh -c #(nop)  CMD ["sh"]'), 'CMD ["sh"]');
    assert.equal(cleanCreatedBy('/bin/sh -c echo hi > /f'), 'RUN echo hi > /f');
    assert.equal(cleanCreatedBy('|2 V=4 W=a b /bin/sh -c echo "v=$V" > /v'), 'RUN echo "v=$V" > /v', 'a RUN with build arguments');
  });
  it('parses engine addresses', () => {
    assert.equal(parseHostUrl('unix:///tmp/d.sock', { from: 'flag' }).kind, 'unix');
    const tcp = parseHostUrl('tcp://10.0.0.1', { from: 'flag' });
    assert.equal(tcp.kind === 'tcp' && tcp.port, 2375);
    const ssh = parseHostUrl('ssh://me@host:2222', { from: 'flag' });
    assert.equal(ssh.kind === 'ssh' && `${ssh.user}@${ssh.host}:${ssh.port}`, 'me@host:2222');
    assert.throws(() => parseHostUrl('ftp://x', { from: 'flag' }), /bad engine address/);
  });
});

describe('fuzzy search over ids', () => {
  it('matches ids as substrings, not as scattered digits', () => {
    const rows = toRows(
      [image('4d5d3336d163', ['dbg/x1:1']), image('4d5d3336d163', ['dbg/x2:1']), image('99aa', ['other:1'])],
      new Map(),
    );
    const s = new RowSearch(rows);
    assert.deepEqual(s.search('x2').map((h) => h.row.repository), ['dbg/x2']);
    assert.deepEqual(s.search('99aa').map((h) => h.row.repository), ['other']);
    assert.equal(s.search('d5d333').length, 2);
  });
});
