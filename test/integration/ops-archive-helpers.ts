// Shared by the save/load and prune integration tests: the built program, run as a one-shot
// command against the test engine, and what this run has on the engine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createEngine } from '../../src/engine/engine.js';
import { resolveEndpoint } from '../../src/engine/transport/resolve-endpoint.js';
import type { Engine } from '../../src/engine/types.js';
import { TEST_LABEL, docker, testDockerHost, testEnv, testLabelValue } from '../support/engine.js';
import type { Result } from '../support/imgsh.js';
import { REPO_ROOT } from '../support/tmux.js';

export type { Result };



export { runImgsh as imgsh } from '../support/imgsh.js';

/** `imgsh ARGS` on a pseudo-terminal (util-linux `script`), `answer` typed after a moment. */
export function imgshOnTty(args: string[], answer = ''): Result | null {
  if (spawnSync('script', ['--version']).status !== 0) return null;
  const cmd = `sleep 1; printf '${answer}\\n'`;
  const line = `(${cmd}) | script -qfec "node bin/imgsh.js ${args.join(' ')}; echo exit=\\$?" /dev/null`;
  const r = spawnSync('bash', ['-c', line], { cwd: REPO_ROOT, env: testEnv({ NO_COLOR: '1' }), encoding: 'utf8', timeout: 60000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A failure: the exit code, one line on stderr starting with `imgsh:`, no stack trace. */
export function oneLineError(r: Result, code = 1): string {
  const why = `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  assert.equal(r.code, code, why);
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /, `stack trace: ${why}`);
  const lines = r.stderr.split('\n').filter((l) => l.trim());
  assert.equal(lines.length, code === 2 ? 2 : 1, why);
  assert.match(lines[0], /^imgsh: /);
  return lines[0];
}

export async function imageId(ref: string): Promise<string> {
  return (await docker(['image', 'inspect', '-f', '{{.Id}}', ref])).trim();
}

export async function exists(ref: string): Promise<boolean> {
  return docker(['image', 'inspect', ref]).then(
    () => true,
    () => false,
  );
}

/** Ids of this run's images (all, intermediate ones too), sorted. */
export async function runImages(): Promise<string[]> {
  const out = await docker(['images', '-aq', '--no-trunc', '--filter', `label=${TEST_LABEL}=${testLabelValue()}`]);
  return [...new Set(out.split('\n').filter(Boolean))].sort();
}

/** An engine client in this process, for the tests that compare with what the engine did. */
export function testEngine(): Engine {
  return createEngine(resolveEndpoint({ host: testDockerHost() }));
}
