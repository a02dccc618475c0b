import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatInstant, isAfter, parseDate, parseDuration, parseUntil } from '../../src/domain/text/duration.js';

describe('parseDuration (Go syntax, as the engine reads until=)', () => {
  it('reads single and compound units', () => {
    assert.equal(parseDuration('24h'), 24 * 3_600_000);
    assert.equal(parseDuration('30m'), 30 * 60_000);
    assert.equal(parseDuration('1h30m'), 90 * 60_000);
    assert.equal(parseDuration('1.5h'), 90 * 60_000);
    assert.equal(parseDuration('.5h'), 30 * 60_000);
    assert.equal(parseDuration('300ms'), 300);
    assert.equal(parseDuration('2s500ms'), 2500);
    assert.equal(parseDuration('1500us'), 1.5);
    assert.equal(parseDuration('1500µs'), 1.5);
    assert.equal(parseDuration('7d'), 7 * 86_400_000);
    assert.equal(parseDuration('-5m'), -5 * 60_000);
    assert.equal(parseDuration('+5m'), 5 * 60_000);
    assert.equal(parseDuration('0'), 0);
  });

  it('rejects what Go rejects', () => {
    for (const bad of ['', '1h30', 'h', '5', '5x', '1hm', '1 h', 'h1', '..5h', '24H', '1y']) {
      assert.equal(parseDuration(bad), null, bad);
    }
  });
});

describe('parseDate', () => {
  it('reads RFC 3339 with a zone', () => {
    assert.deepEqual(parseDate('2024-01-31T15:04:05Z'), { seconds: Date.UTC(2024, 0, 31, 15, 4, 5) / 1000, nanos: 0 });
    assert.deepEqual(parseDate('2024-01-31T15:04:05.123456789Z'), { seconds: Date.UTC(2024, 0, 31, 15, 4, 5) / 1000, nanos: 123456789 });
    assert.deepEqual(parseDate('2024-01-31T15:04:05.5+02:00'), { seconds: Date.UTC(2024, 0, 31, 13, 4, 5) / 1000, nanos: 500_000_000 });
    assert.deepEqual(parseDate('2024-01-31T15:04-01:30'), { seconds: Date.UTC(2024, 0, 31, 16, 34) / 1000, nanos: 0 });
  });

  it('reads dates and times without a zone as local time', () => {
    assert.deepEqual(parseDate('2024-01-31'), { seconds: new Date(2024, 0, 31).getTime() / 1000, nanos: 0 });
    assert.deepEqual(parseDate('2024-01-31T15'), { seconds: new Date(2024, 0, 31, 15).getTime() / 1000, nanos: 0 });
    assert.deepEqual(parseDate('2024-01-31T15:04:05'), { seconds: new Date(2024, 0, 31, 15, 4, 5).getTime() / 1000, nanos: 0 });
  });

  it('rejects malformed and out-of-range values', () => {
    for (const bad of ['2024-1-31', '2024-13-01', '2024-01-32', '2024-01-31T25:00', '2024-01-31 15:04', 'yesterday']) {
      assert.equal(parseDate(bad), null, bad);
    }
  });
});

describe('parseUntil', () => {
  const now = Date.UTC(2024, 5, 1, 12, 0, 0, 750);

  it('counts durations back from the engine clock, in whole seconds as the engine does', () => {
    assert.deepEqual(parseUntil('24h', now), { seconds: Math.floor(now / 1000) - 86_400, nanos: 0 });
    assert.deepEqual(parseUntil('1500ms', now), { seconds: Math.floor((now - 1500) / 1000), nanos: 0 });
    assert.deepEqual(parseUntil('-1h', now), { seconds: Math.floor(now / 1000) + 3600, nanos: 0 });
  });

  it('takes Unix seconds and dates as they are', () => {
    assert.deepEqual(parseUntil('1700000000', now), { seconds: 1_700_000_000, nanos: 0 });
    assert.deepEqual(parseUntil('1700000000.5', now), { seconds: 1_700_000_000, nanos: 500_000_000 });
    assert.deepEqual(parseUntil('0', now), { seconds: 0, nanos: 0 });
    assert.deepEqual(parseUntil('2024-01-31T00:00:00Z', now), { seconds: Date.UTC(2024, 0, 31) / 1000, nanos: 0 });
  });

  it('says what to type for anything else', () => {
    assert.throws(() => parseUntil('3 days', now), /bad until "3 days": use a duration \(24h, 30m/);
    assert.throws(() => parseUntil('-1700000000', now), /bad until/);
  });
});

describe('instants', () => {
  it('compare to the nanosecond and print as the engine reads them', () => {
    assert.equal(isAfter({ seconds: 10, nanos: 1 }, { seconds: 10, nanos: 0 }), true);
    assert.equal(isAfter({ seconds: 10, nanos: 0 }, { seconds: 10, nanos: 0 }), false);
    assert.equal(isAfter({ seconds: 9, nanos: 999_999_999 }, { seconds: 10, nanos: 0 }), false);
    assert.equal(isAfter({ seconds: 11, nanos: 0 }, { seconds: 10, nanos: 5 }), true);
    assert.equal(formatInstant({ seconds: 1_700_000_000, nanos: 5 }), '1700000000.000000005');
  });
});
