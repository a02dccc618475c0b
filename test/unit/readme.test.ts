import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { generatedReadme } from '../../scripts/readme.js';

it('README key table and command list match the keymap and command declarations (npm run readme)', () => {
  const current = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.equal(generatedReadme(current), current);
});
