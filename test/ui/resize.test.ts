// A resize redraws once (issue #12): Ink's own resize listener drew the old tree at the new size
// before the store's size drew the new one (a narrower terminal: Ink's clear and two frames).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./resize-frames-fixture.tsx', import.meta.url));

test('a wider and a narrower terminal: one frame each, drawn at the new size', () => {
  // Ink draws nothing live where it sees CI set
  const env = { ...process.env };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  const out = execFileSync(process.execPath, ['--import', 'tsx', fixture], { env, encoding: 'utf8' });
  const result = JSON.parse(/\{.*\}/.exec(out)![0]);
  assert.deepEqual(result, { widerFrames: 1, narrowerFrames: 1, storeColumns: 80, lastFrameWidth: 80 });
});
