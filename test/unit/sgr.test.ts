import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sgrStripper } from '../../src/domain/text/sgr.js';

it('removes colour codes, also one split between chunks, and keeps the rest of the text', () => {
  const strip = sgrStripper();
  assert.equal(strip('\x1b[91mto-stderr\n\x1b[0m'), 'to-stderr\n');
  assert.equal(strip('Step 2/2 : RUN x\n\x1b[9'), 'Step 2/2 : RUN x\n');
  assert.equal(strip('1mred\x1b'), 'red');
  assert.equal(strip('[0m done\n'), ' done\n');
  assert.equal(strip('a [91m bracket, no escape\n'), 'a [91m bracket, no escape\n');
});
