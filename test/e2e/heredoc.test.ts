// Dockerfiles as people write them (issue 11), on an engine whose BuildKit reads heredocs (Docker
// 28, provisioned privately: IMGSH_TEST_MODERN_HOST): the failing line and the last good layer are
// right after `RUN <<EOF`, `COPY <<EOF`, `# escape=`, ARG before FROM and comments inside a
// continuation; x opens a shell in that layer; nothing labelled imgsh.debug is left.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { docker, setting, TEST_LABEL, firstLegOnly } from '../support/engine.js';
import { debugLeft, failedBuildFixtures, HINT, IMGSH, SHELL_PROMPT, shellRun } from '../support/failed-build.js';
import { REPO_ROOT, capture, programPid, sendText, tmuxAvailable, waitFor, waitForExit } from '../support/tmux.js';

const modern = setting('IMGSH_TEST_MODERN_HOST');
// an engine the user gave (IMGSH_TEST_DOCKER_HOST) comes without a modern one unless given too;
// a provisioned run always has one, or fails saying why
const userEngine = Boolean(process.env.IMGSH_TEST_DOCKER_HOST) && !process.env.IMGSH_TEST_PROVISIONED;
const skip = !tmuxAvailable()
  ? 'tmux is not installed (apt-get install tmux)'
  : !modern && userEngine
    ? 'IMGSH_TEST_DOCKER_HOST is given without IMGSH_TEST_MODERN_HOST (a Docker 28 engine)'
    : false;
const fx = failedBuildFixtures();
const onModern = (args: string[]) => docker(args, { env: { DOCKER_HOST: modern ?? '' } });

// `# escape=` first, an ARG before FROM, heredocs in RUN and COPY, a comment inside a
// continuation; line 18 fails
const DOCKERFILE = (run: string) => `# escape=\\
ARG BASE=imgsh-fixture/busybox:latest
FROM $BASE
LABEL ${TEST_LABEL}=${run}
RUN <<EOF
mkdir -p /app
echo one > /app/one
EOF
RUN echo two > /app/two \\
  # a comment inside a continuation
  && echo more >> /app/two
COPY <<EOF /app/three
three
EOF
RUN <<-EOT sh -e
\techo four > /app/four
\tEOT
RUN cat /app/missing
RUN echo never
`;

describe('heredoc Dockerfiles: the failing line and the last good layer', { skip: firstLegOnly || skip }, () => {
  afterEach(() => fx.killSessions());
  after(async () => {
    fx.removeDirs();
    if (!modern) return;
    const ids = (await onModern(['images', '-aq', '--filter', `label=${TEST_LABEL}=${fx.run}`])).split('\n').filter(Boolean);
    for (const id of ids) await onModern(['rmi', '-f', id]).catch(() => {});
  });

  it('imgsh build on Docker 28: BuildKit reads the heredocs, line 18 fails, x opens the layer after the heredoc RUN of lines 15–17', async () => {
    assert.ok(modern, 'no Docker 28 engine: test/support/provision-modern.sh did not start one (see its log under the test root)');
    const dir = fx.context([]);
    await import('node:fs').then((fs) => fs.writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE(fx.run)));
    const s = await fx.start(`${IMGSH} build ${dir}`, { DOCKER_HOST: modern });
    const pid = await programPid(s);
    // the first line scrolls away as the log streams: seen as it comes
    await waitFor(s, /line 5 has a heredoc, which only BuildKit reads: building with BuildKit/, 30_000);
    await waitFor(s, HINT, 120_000);
    const screen = await capture(s);
    assert.match(screen, /build failed at step \d+\/\d+ \(line 18\b.*\): RUN cat \/app\/missing/);
    assert.match(screen, /building the steps before line 18 with BuildKit for the last good layer/);
    assert.match(screen, /last good layer [0-9a-f]{12}/);
    await sendText(s, 'x');
    await waitFor(s, SHELL_PROMPT, 15_000);
    await shellRun(s, 'cat /app/one /app/two /app/three /app/four', /^one\s*\ntwo\s*\nmore\s*\nthree\s*\nfour\s*$/m);
    await shellRun(s, 'exit', /shell ended \(exit 0\)[^]*x\/Enter shell in the last good layer/, 10_000);
    await new Promise((r) => setTimeout(r, 200)); // a key sooner is typed ahead, and dropped
    await sendText(s, 'q');
    assert.equal(await waitForExit(s, 15_000), 1);
    assert.deepEqual(await debugLeftOn(pid), [], 'the last good layer BuildKit made is removed');
  });

  it('imgsh debug on a heredoc Dockerfile: one line saying to use build --buildkit, exit 1', async () => {
    const dir = fx.context([]);
    await import('node:fs').then((fs) => fs.writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE(fx.run)));
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('node', [join(REPO_ROOT, 'bin/imgsh.js'), 'debug', dir], { env: { ...process.env, CI: 'true' } }, (err, _out, stderr) =>
        resolve({ code: (err as { code?: number } | null)?.code ?? 0, stderr }),
      );
    });
    assert.equal(code, 1);
    assert.match(stderr, /^imgsh: line 5 of \S+ has a heredoc, which only BuildKit reads, and the debugger steps with the legacy builder: imgsh build --buildkit builds it/);
    assert.equal(stderr.trim().split('\n').length, 1);
  });
});

/** As debugLeft, on the Docker 28 engine. */
function debugLeftOn(pid: number): Promise<string[]> {
  return debugLeft(pid, { DOCKER_HOST: modern ?? '' });
}
