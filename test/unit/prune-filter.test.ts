import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineFilters, matchesLabels, parsePruneFilters, pruneRules } from '../../src/domain/images/prune-filter.js';

describe('prune --filter', () => {
  it('parses until, label and label!', () => {
    const spec = parsePruneFilters(['until=24h', 'label=team', 'label=env=ci', 'label!=keep', 'label=team']);
    assert.deepEqual(spec, { until: '24h', labels: ['team', 'env=ci'], notLabels: ['keep'] });
  });

  it('rejects unknown keys, a second until, bad durations and empty labels', () => {
    assert.throws(() => parsePruneFilters(['dangling=false']), /unknown prune filter "dangling": use until=DURATION, label=K\[=V\] or label!=K\[=V\]/);
    assert.throws(() => parsePruneFilters(['until']), /bad filter "until"/);
    assert.throws(() => parsePruneFilters(['until=1h', 'until=2h']), /at most one until/);
    assert.throws(() => parsePruneFilters(['until=3days']), /bad until "3days"/);
    assert.throws(() => parsePruneFilters(['label=']), /label= needs a key/);
  });

  it('sends until as an absolute instant and dangling as the mode', () => {
    const now = Date.UTC(2024, 0, 2);
    const rules = pruneRules(parsePruneFilters(['until=24h', 'label=a=b', 'label!=c']), false, now);
    assert.deepEqual(engineFilters(rules), {
      dangling: ['true'],
      label: ['a=b'],
      'label!': ['c'],
      until: [`${Date.UTC(2024, 0, 1) / 1000}.000000000`],
    });
    assert.deepEqual(engineFilters(pruneRules(parsePruneFilters([]), true, now)), { dangling: ['false'] });
  });
});

describe('label rules (docker filters.Args.MatchKVList)', () => {
  const rules = (labels: string[], notLabels: string[] = []) => ({ labels, notLabels });

  it('label=K and label=K=V must all match', () => {
    assert.equal(matchesLabels(rules(['a']), { a: '1' }), true);
    assert.equal(matchesLabels(rules(['a=1']), { a: '1' }), true);
    assert.equal(matchesLabels(rules(['a=2']), { a: '1' }), false);
    assert.equal(matchesLabels(rules(['a', 'b']), { a: '1' }), false);
    assert.equal(matchesLabels(rules(['a']), {}), false);
    assert.equal(matchesLabels(rules(['a=']), { a: '' }), true);
    assert.equal(matchesLabels(rules(['a=b=c']), { a: 'b=c' }), true);
  });

  it('label! drops an image only when it matches every label! filter', () => {
    assert.equal(matchesLabels(rules([], ['keep']), { keep: 'yes' }), false);
    assert.equal(matchesLabels(rules([], ['keep']), { other: 'x' }), true);
    assert.equal(matchesLabels(rules([], ['keep']), {}), true);
    assert.equal(matchesLabels(rules([], ['keep=yes']), { keep: 'no' }), true);
    assert.equal(matchesLabels(rules([], ['a', 'b']), { a: '1' }), true);
    assert.equal(matchesLabels(rules([], ['a', 'b']), { a: '1', b: '2' }), false);
  });

  it('an image without a config passes every label filter, as in the engine', () => {
    assert.equal(matchesLabels(rules(['a=1'], ['b']), null), true);
  });
});
