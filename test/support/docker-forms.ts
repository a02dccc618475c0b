// Conformance with the docker CLI (28.x, the one provision-modern.sh unpacks), shared by the
// docker-forms test files: the same command lines through `docker` and `imgsh` on the same engine
// print the same stdout, the same first line of stderr and exit with the same code. What must
// differ is normalised: the program's name in error lines, and relative times (the two runs are
// seconds apart).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_LABEL, cleanup, docker, makeTestImage, setting, testEnv, testLabelValue, testRegistry } from './engine.js';
import { REPO_ROOT } from './tmux.js';

const cli = setting('IMGSH_TEST_MODERN_CLI');
export const missing = cli && existsSync(cli) ? null : 'no docker 28 CLI (IMGSH_TEST_MODERN_CLI: test/support/provision-modern.sh unpacks one)';
// a run that provisioned its engines has this CLI: in CI its absence fails, elsewhere it skips
export const skip = missing && !(process.env.CI && process.env.IMGSH_TEST_PROVISIONED) ? missing : false;

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function dockerCli(args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cli!, args, { env: testEnv({ NO_COLOR: '1' }), maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * `docker ARGS` and `imgsh ARGS`, each on a terminal of `columns` columns (util-linux `script`'s
 * pty): what they print there, where stdout is a terminal (colours, the width).
 */
export function onTerminal(args: string[], columns: number): Promise<{ theirs: string; ours: string }> {
  const quote = (w: string) => `'${w.replaceAll("'", "'\\''")}'`;
  const run = (program: string[]) =>
    new Promise<string>((resolve, reject) => {
      const line = `stty cols ${columns}; exec ${[...program, ...args].map(quote).join(' ')}`;
      execFile('script', ['-qec', line, '/dev/null'], { env: testEnv({}), maxBuffer: 16 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
  return Promise.all([run([cli!]), run([process.execPath, join(REPO_ROOT, 'bin/imgsh.js')])]).then(([theirs, ours]) => ({ theirs, ours }));
}

const SINCE = /\b(?:Less than a second|About an? \w+|\d+ (?:seconds?|minutes|hours|days|weeks|months|years)) ago\b/g;
const normal = (r: Ran) => ({
  code: r.code,
  stdout: r.stdout.replace(SINCE, '<since>'),
  // the program's name: `imgsh: ` before every line of imgsh's, `docker: ` before some of docker's
  stderr: (r.stderr.split('\n')[0] ?? '').replace(/^(?:imgsh|docker): /, '').replace(/'docker /g, "'imgsh ").replace(SINCE, '<since>'),
});

export function compare(args: string[], theirs: Ran, ours: Ran): void {
  const [a, b] = [normal(ours), normal(theirs)];
  // the two ran a moment apart: across a boundary ("59 seconds" / "About a minute") a table's
  // CREATED column has another width, and only then are its runs of spaces compared as one
  const since = (r: Ran) => [...r.stdout.matchAll(SINCE)].join();
  if (since(ours) !== since(theirs)) for (const r of [a, b]) r.stdout = r.stdout.replace(/ {2,}/g, '  ');
  assert.deepEqual(a, b, `docker ${args.join(' ')}`);
}

/**
 * A file's images (REPO:a, REPO:b tagging it, REPO:c a second later, labelled with the run) and
 * the words of its lines filled in: L the run's label filter, LV the label, REMOTE a repository
 * in the loopback registry, DIR a new folder, CNAME a container's name, INDEX the search index.
 */
export function formsFixture(name: string) {
  const run = testLabelValue();
  const repo = `imgsh-test/${name}-${run.slice(-8)}`;
  const label = `${TEST_LABEL}=${run}`;
  const remote = `${testRegistry()}/${repo}`;
  const dir = mkdtempSync(join(tmpdir(), `imgsh-${name}-`));
  const container = `imgsh-test-${name}-${run.slice(-8)}`;
  let searchIndex = '';
  return {
    run,
    repo,
    label,
    remote,
    dir,
    container,
    setSearchIndex: (host: string) => (searchIndex = host),
    fill: (words: string[]) =>
      words.map((w) =>
        w === 'L' ? `label=${label}` : w === 'LV' ? label : w.replace('REMOTE', remote).replace('REPO', repo).replace('DIR', dir).replace('CNAME', container).replace('INDEX', searchIndex),
      ),
    async setUp() {
      assert.equal(missing, null);
      assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build`');
      await makeTestImage(`${repo}:a`, { labels: { 'imgsh.forms': 'one' } });
      await docker(['tag', `${repo}:a`, `${repo}:b`]);
      // a second image, a second later: the engine orders by creation time, and ties by chance
      await new Promise((r) => setTimeout(r, 1100));
      await makeTestImage(`${repo}:c`, { labels: { 'imgsh.forms': 'two' }, steps: ['RUN echo two > /two'] });
    },
    async tearDown() {
      await docker(['rm', '-f', container]).catch(() => {});
      for (const t of ['t1', 't2', 't3']) await docker(['rmi', `${repo}:${t}`]).catch(() => {});
      await docker(['rmi', `${remote}:p1`]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
      await cleanup();
    },
  };
}
