import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { chainIds, layerSizes, reclaimed } from '../../src/domain/layers/layers.js';

const sha = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

describe('layer chain ids (what prune reports as deleted layers)', () => {
  it('chain(n) = sha256(chain(n-1) + " " + diff(n)), the first is the diff id', () => {
    const [a, b, c] = ['sha256:aa', 'sha256:bb', 'sha256:cc'];
    const ab = sha(`${a} ${b}`);
    assert.deepEqual(chainIds([a, b, c]), [a, ab, sha(`${ab} ${c}`)]);
    assert.deepEqual(chainIds([]), []);
  });
});

describe('layer sizes from history', () => {
  const step = (size: number, createdBy = '/bin/sh -c make') => ({ size, createdBy });

  it('maps steps with bytes to layers, skipping metadata steps', () => {
    const steps = [step(100, 'ADD file:x in /'), step(0, '/bin/sh -c #(nop)  ENV A=1'), step(20), step(0, '/bin/sh -c #(nop)  LABEL a=b')];
    assert.deepEqual(layerSizes(2, steps, 120), [100, 20]);
  });

  it('counts an empty RUN as a layer when the layer count says so', () => {
    const steps = [step(100, 'ADD file:x in /'), step(0, '/bin/sh -c true'), step(20), step(0, '/bin/sh -c #(nop)  CMD ["sh"]')];
    assert.deepEqual(layerSizes(3, steps, 120), [100, 0, 20]);
    assert.deepEqual(layerSizes(2, steps, 120), [100, 20]);
  });

  it('puts the whole size on the top layer when the history says nothing', () => {
    assert.deepEqual(layerSizes(2, [], 50), [0, 50]);
  });
});

describe('reclaimed space', () => {
  it('counts layers that no kept image holds, once each', () => {
    const base = { chainIds: ['L1'], sizes: [100] };
    const a = { chainIds: ['L1', 'A2'], sizes: [100, 10] };
    const b = { chainIds: ['L1', 'A2', 'B3'], sizes: [100, 10, 5] };
    assert.deepEqual(reclaimed([a, b], [base]), { bytes: 15, chainIds: ['A2', 'B3'] });
    assert.deepEqual(reclaimed([a, b], []), { bytes: 115, chainIds: ['L1', 'A2', 'B3'] });
    assert.deepEqual(reclaimed([a], [b]), { bytes: 0, chainIds: [] });
  });
});
