import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rfc3339Nanos, sortBuildCache, type DiskUsageCacheRecord } from '../../src/domain/images/disk-usage-items.js';
import { displayablePorts } from '../../src/shell/docker-container-context.js';
import { ellipsis } from '../../src/domain/text/ellipsis.js';

const record = (id: string, lastUsedAt: string | null): DiskUsageCacheRecord => ({
  id, type: 'regular', size: 1, createdAt: '2026-12-01T00:00:00Z', lastUsedAt, usageCount: 1, shared: false, inUse: false, description: '', parents: [],
});

test('build cache records in docker order: never used first, then by last use to the nanosecond, ties by ID', () => {
  const sorted = sortBuildCache([
    record('d', '2026-12-05T10:00:00.0000005Z'),
    record('c', '2026-12-05T10:00:00.000000400Z'),
    record('b', null),
    record('a', '2026-12-05T10:00:00.0000005Z'),
    record('e', '2026-12-05T09:59:59.9Z'),
    record('0', null),
  ]);
  assert.deepEqual(sorted.map((r) => r.id), ['0', 'b', 'e', 'c', 'a', 'd']);
});

test('RFC 3339 times with offsets and short fractions', () => {
  assert.equal(rfc3339Nanos('1970-01-01T00:00:01.5Z'), 1_500_000_000n);
  assert.equal(rfc3339Nanos('1970-01-01T01:00:01+01:00'), 1_000_000_000n);
  assert.equal(rfc3339Nanos('not a time'), 0n);
});

test("docker's Ellipsis: at most N cells, the last one … when cut; wide runes count 2", () => {
  assert.equal(ellipsis('/bin/sh -c echo hello world', 20), '/bin/sh -c echo hel…');
  assert.equal(ellipsis('short', 20), 'short');
  assert.equal(ellipsis('日本語のコマンドです', 9), '日本語の…');
  assert.equal(ellipsis('abc', 1), 'a');
  assert.equal(ellipsis('abc', 0), '');
});

test("docker's DisplayablePorts: neighbours joined into ranges, host mappings last", () => {
  const port = (privatePort: number, publicPort = 0, ip = '', type = 'tcp') => ({ ip, privatePort, publicPort, type });
  assert.equal(displayablePorts([]), '');
  assert.equal(displayablePorts([port(8001), port(8000), port(8002), port(9000), port(53, 0, '', 'udp')]), '8000-8002/tcp, 53/udp, 9000/tcp');
  assert.equal(displayablePorts([port(80, 8080, '0.0.0.0'), port(443, 443, '::')]), '[::]:443->443/tcp, 0.0.0.0:8080->80/tcp');
  assert.equal(displayablePorts([port(80, 80, '0.0.0.0'), port(81, 81, '0.0.0.0')]), '0.0.0.0:80-81->80-81/tcp');
});
