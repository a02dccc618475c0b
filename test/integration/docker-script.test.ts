// A shell script written for docker (tag, push to the loopback registry, rmi, pull, save, load,
// prune) run twice on the same engine: once as written, once with `docker` replaced by imgsh. Both
// runs print the same (ids of images each run built itself normalised) and leave the engine in
// the same state: the same references, on the same image ids.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, cleanup, docker, makeTestImage, setting, testEnv, testLabelValue, testRegistry } from '../support/engine.js';
import { REPO_ROOT } from '../support/tmux.js';

const run = testLabelValue();
const repo = `imgsh-test/script-${run.slice(-8)}`;
const cli = setting('IMGSH_TEST_MODERN_CLI');
const missing = !cli || !existsSync(cli) ? 'no docker 28 CLI (IMGSH_TEST_MODERN_CLI: test/support/provision-modern.sh unpacks one)' : !testRegistry() ? 'no loopback registry (IMGSH_TEST_REGISTRY)' : null;
const skip = missing && !(process.env.CI && process.env.IMGSH_TEST_PROVISIONED) ? missing : false;

// What a CI job of docker's users looks like. $D is the program; the rest is docker's own syntax.
const SCRIPT = `set -eu
D="$1"; SRC="$2"; REMOTE="$3"; DIR="$4"; LABEL="$5"
$D tag "$SRC" "$REMOTE:rt"
$D push -q "$REMOTE:rt"
$D image rm "$REMOTE:rt" > /dev/null
$D pull -q "$REMOTE:rt"
$D image tag "$REMOTE:rt" "$REMOTE:copy"
$D save -o "$DIR/rt.tar" "$REMOTE:rt" "$REMOTE:copy"
$D rmi "$REMOTE:rt" "$REMOTE:copy" > /dev/null
$D load -i "$DIR/rt.tar"
$D image prune -f --filter "label=$LABEL"
$D images --format '{{.Repository}}:{{.Tag}}' "$REMOTE"
$D image inspect -f '{{.Id}} {{len .RootFS.Layers}}' "$REMOTE:rt"
if $D pull -q "$REMOTE:nope" 2> /dev/null; then echo "pulled what is not there"; else echo "pull failed: $?"; fi
`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(program: string, args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', SCRIPT, 'script', program, ...args], { env: testEnv({ NO_COLOR: '1' }), timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('a docker script with docker replaced by imgsh', { skip }, () => {
  const remote = `${testRegistry()}/${repo}`;
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-script-'));
  const imgsh = join(dir, 'imgsh');
  let source = '';

  /** A dangling image of this run (built, then its tag given to another build): the prune's work. */
  async function dangling(n: number): Promise<string> {
    const id = await makeTestImage(`${repo}:d`, { steps: [`RUN echo dangling-${run}-${n} > /d`] });
    await makeTestImage(`${repo}:d`, { steps: [`RUN echo tagged-${run}-${n} > /d`] });
    return id;
  }

  /** What the engine holds of this run's repository: reference → image id. */
  async function state(): Promise<string> {
    const out = await docker(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}', remote]);
    return out.split('\n').filter(Boolean).sort().join('\n');
  }

  async function reset(): Promise<void> {
    for (const tag of ['rt', 'copy']) await docker(['rmi', `${remote}:${tag}`]).catch(() => {});
    await docker(['rmi', `${repo}:d`]).catch(() => {});
    // this run's own leftovers only (its label): the build steps of the source image, which the
    // first run's prune would find and the second's not
    await docker(['image', 'prune', '-f', '--filter', `label=${TEST_LABEL}=${run}`]);
    rmSync(join(dir, 'rt.tar'), { force: true });
  }

  before(async () => {
    assert.equal(missing, null);
    assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build`');
    writeFileSync(imgsh, `#!/bin/sh\nexec node ${JSON.stringify(join(REPO_ROOT, 'bin/imgsh.js'))} "$@"\n`, { mode: 0o755 });
    source = `${repo}:src`;
    await makeTestImage(source, { steps: [`RUN echo script-${run} > /which`] });
  });
  after(async () => {
    await reset();
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  });

  it('prints the same and leaves the engine as docker leaves it', async () => {
    const label = `${TEST_LABEL}=${run}`;
    const args = [source, remote, dir, label];
    // each run pruned the images it built itself: their ids differ, their lines do not, and their
    // sizes by a few bytes (a config's timestamp has as many digits as its nanoseconds need)
    const normal = (r: Ran) => ({
      code: r.code,
      stdout: r.stdout.replace(/^(deleted|untagged): sha256:[0-9a-f]{64}$/gm, '$1: <built by this run>').replace(/^Total reclaimed space: (?!0B$).+$/m, 'Total reclaimed space: <some>'),
      stderr: r.stderr,
    });

    await reset();
    await dangling(1);
    const theirs = await sh(cli!, args);
    const after1 = await state();
    assert.equal(theirs.code, 0, theirs.stderr);

    await reset();
    await dangling(2);
    const ours = await sh(imgsh, args);
    const after2 = await state();

    assert.deepEqual(normal(ours), normal(theirs));
    assert.equal(after2, after1, 'the same references on the same ids');
    assert.match(theirs.stdout, /^deleted: sha256:/m, 'the prune removed the dangling image');
    assert.match(theirs.stdout, /^pull failed: 1$/m);
  });
});
