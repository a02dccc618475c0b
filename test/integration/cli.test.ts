// The built program (bin/imgsh.js) as a command-line tool and as a stdin script runner, against
// the test engine. Everything built here carries imgsh.test=<run id> and is removed by cleanup().
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_LABEL, cleanup, docker, fixtureRef, makeTestImage, testEnv, testLabelValue } from '../support/engine.js';
import { runImgsh, type Result, type RunOptions } from '../support/imgsh.js';
import { REPO_ROOT } from '../support/tmux.js';

const run = testLabelValue();
const fixture = fixtureRef();
const [fixtureRepo, fixtureTag = 'latest'] = splitRef(fixture);
const built = `imgsh-test/cli:${run}`;
const failing = `imgsh-test/cli-missing:${run}`; // never created

function splitRef(ref: string): [string, string | undefined] {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, undefined];
}


/** Stdin piped (never a TTY); a short time-out: these commands are quick. */
const imgsh = (args: string[], opts: RunOptions = {}) => runImgsh(args, { timeoutMs: 15_000, ...opts });

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** A failure prints exactly one line on stderr, starting with `imgsh:`, and never a stack trace. */
function assertOneLineError(r: Result, code: number): string {
  const why = `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  assert.equal(r.code, code, why);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `stack trace on stderr: ${why}`);
  assert.doesNotMatch(r.stdout, /\n\s+at /, `stack trace on stdout: ${why}`);
  const errLines = lines(r.stderr);
  assert.equal(errLines.length, 1, `expected one line on stderr: ${why}`);
  assert.match(errLines[0], /^imgsh: /);
  return errLines[0];
}

/** The table row (split on runs of spaces) whose first two cells are repository and tag. */
function findRow(table: string, repo: string, tag: string): string[] | undefined {
  return lines(table)
    .map((l) => l.trim().split(/\s{2,}/))
    .find((cells) => cells[0] === repo && cells[1] === tag);
}

before(async () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build`');
  await makeTestImage(built, {
    labels: { 'imgsh.cli': 'yes' },
    steps: ['ENV IMGSH_CLI_GREETING=hello', 'RUN echo hi > /greeting', 'CMD ["/bin/cat", "/greeting"]'],
  });
});

after(async () => {
  await cleanup();
});

describe('imgsh images', () => {
  it('lists the fixture in a table', async () => {
    const r = await imgsh(['images']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const header = lines(r.stdout)[0];
    for (const col of ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']) assert.ok(header.includes(col), `header: ${header}`);
    const row = findRow(r.stdout, fixtureRepo, fixtureTag);
    assert.ok(row, `no row for ${fixture} in:\n${r.stdout}`);
    assert.match(row[2], /^[0-9a-f]{12}$/);
    assert.ok(findRow(r.stdout, 'imgsh-test/cli', run), `no row for ${built} in:\n${r.stdout}`);
  });

  it('prints its own JSON with --json, containers counted', async () => {
    const fixtureId = (await docker(['image', 'inspect', '-f', '{{.Id}}', fixture])).trim();
    const r = await imgsh(['images', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(Array.isArray(rows));
    const row = rows.find((x) => x.repository === fixtureRepo && x.tag === fixtureTag);
    assert.ok(row, `no ${fixture} in ${r.stdout}`);
    assert.equal(row.id, fixtureId);
    assert.equal(typeof row.size, 'number');
    assert.equal(typeof row.containers, 'number');
    assert.ok((row.containers as number) >= 0, `containers must be counted (not -1): ${row.containers}`);
    assert.ok(!Number.isNaN(Date.parse(row.created as string)), `created: ${row.created}`);
  });

  it('--json with a filter: the labels come along', async () => {
    const r = await imgsh(['images', '--json', '--filter', `label=${TEST_LABEL}=${run}`]);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { repository: string; tag: string; labels: Record<string, string> }[];
    assert.deepEqual(rows.map((x) => `${x.repository}:${x.tag}`), [built]);
    assert.equal(rows[0].labels['imgsh.cli'], 'yes');
  });

  it('--filter label=… shows only the image built here', async () => {
    const r = await imgsh(['images', '--filter', `label=${TEST_LABEL}=${run}`]);
    assert.equal(r.code, 0, r.stderr);
    const body = lines(r.stdout).slice(1);
    assert.equal(body.length, 1, r.stdout);
    assert.ok(findRow(r.stdout, 'imgsh-test/cli', run), r.stdout);
    assert.equal(findRow(r.stdout, fixtureRepo, fixtureTag), undefined, r.stdout);
  });

  it('a bad --filter is a usage error', async () => {
    const r = await imgsh(['images', '--filter', 'bogus']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^usage: imgsh images /m);
  });

  it('--search filters fuzzily (bsybx finds the fixture)', async () => {
    const r = await imgsh(['images', '--search', 'bsybx']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(findRow(r.stdout, fixtureRepo, fixtureTag), `bsybx did not find ${fixture}:\n${r.stdout}`);
    const none = await imgsh(['images', '--json', '--search', `qqq-no-such-image-${run}`]);
    assert.equal(none.code, 0, none.stderr);
    assert.deepEqual(JSON.parse(none.stdout), []);
  });
});

describe('imgsh inspect', () => {
  it('docker\'s JSON by default; --pretty shows the fields of an image to read', async () => {
    const plain = await imgsh(['inspect', built]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.deepEqual((JSON.parse(plain.stdout) as { Config: { Cmd: string[] } }[]).map((d) => d.Config.Cmd), [['/bin/cat', '/greeting']]);
    const r = await imgsh(['inspect', '--pretty', built]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ID\s+sha256:[0-9a-f]{64}$/m);
    assert.match(r.stdout, new RegExp(`^Tags\\s+.*${reEscape(built)}`, 'm'));
    assert.match(r.stdout, /^Cmd\s+\["\/bin\/cat","\/greeting"\]$/m);
    assert.match(r.stdout, /^Platform\s+linux\//m);
    assert.match(r.stdout, /^\s+IMGSH_CLI_GREETING=hello$/m);
    assert.match(r.stdout, /^\s+imgsh\.cli=yes$/m);
    assert.match(r.stdout, new RegExp(`^\\s+${reEscape(TEST_LABEL)}=${reEscape(run)}$`, 'm'));
  });

  it('--json prints the details as JSON', async () => {
    const id = (await docker(['image', 'inspect', '-f', '{{.Id}}', built])).trim();
    const r = await imgsh(['inspect', '--json', built]);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.equal(d.id, id);
    assert.ok(d.repoTags.includes(built));
    assert.deepEqual(d.cmd, ['/bin/cat', '/greeting']);
    assert.ok(d.env.includes('IMGSH_CLI_GREETING=hello'));
    assert.equal(d.labels['imgsh.cli'], 'yes');
    assert.ok(Array.isArray(d.layers) && d.layers.length >= 2, `layers: ${JSON.stringify(d.layers)}`);
  });

  it('piped into a reader that leaves early (| head): stops quietly with 141, as docker does', async () => {
    // ~1 MB of documents: far more than a pipe holds, so writes go on after head has left
    const refs = Array.from({ length: 300 }, () => fixture).join(' ');
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const sh = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" bin/imgsh.js inspect ${refs} | head -c 5`], {
        cwd: REPO_ROOT,
        env: testEnv({ NO_COLOR: '1' }),
      });
      let [stdout, stderr] = ['', ''];
      sh.stdout.on('data', (d) => (stdout += d));
      sh.stderr.on('data', (d) => (stderr += d));
      sh.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '[\n   ');
    assert.equal(r.code, 141);
  });
});

describe('imgsh history', () => {
  it('shows one row per step, RUN and ENV included, newest first, as docker prints them', async () => {
    const r = await imgsh(['history', '--no-trunc', built]);
    assert.equal(r.code, 0, r.stderr);
    const body = lines(r.stdout);
    assert.match(body[0], /IMAGE\s+CREATED\s+CREATED BY\s+SIZE/);
    const run_ = body.findIndex((l) => /\/bin\/sh -c echo hi > \/greeting/.test(l));
    const env = body.findIndex((l) => /#\(nop\)\s+ENV IMGSH_CLI_GREETING=hello/.test(l));
    const cmd = body.findIndex((l) => /CMD \["\/bin\/cat" "\/greeting"\]|CMD \["\/bin\/cat","\/greeting"\]/.test(l));
    assert.ok(run_ > 0, `no RUN row:\n${r.stdout}`);
    assert.ok(env > 0, `no ENV row:\n${r.stdout}`);
    assert.ok(cmd > 0, `no CMD row:\n${r.stdout}`);
    assert.ok(cmd < run_ && run_ < env, `not newest first:\n${r.stdout}`);
  });

  it('--json has the cleaned instruction', async () => {
    const r = await imgsh(['history', '--json', built]);
    assert.equal(r.code, 0, r.stderr);
    const entries = JSON.parse(r.stdout) as { instruction: string }[];
    assert.ok(entries.some((e) => e.instruction === 'RUN echo hi > /greeting'), r.stdout);
    assert.ok(entries.some((e) => e.instruction === 'ENV IMGSH_CLI_GREETING=hello'), r.stdout);
  });
});

describe('exit codes and errors', () => {
  it('unknown command: 2 with "did you mean"', async () => {
    const r = await imgsh(['imags']);
    const line = assertOneLineError(r, 2);
    assert.match(line, /unknown command "imags"/);
    assert.match(line, /did you mean "images"\?/);
  });

  it('missing argument: 2 with a usage line (1 and cobra\'s words for a docker form)', async () => {
    const r = await imgsh(['layers']);
    assert.equal(r.code, 2, r.stderr);
    const errLines = lines(r.stderr);
    assert.equal(errLines.length, 2, r.stderr);
    assert.match(errLines[0], /^imgsh: missing REF$/);
    assert.match(errLines[1], /^usage: imgsh layers .*REF$/);
    assert.equal(r.stdout, '');
    const d = await imgsh(['inspect']);
    assert.equal(d.code, 1, d.stderr);
    assert.match(d.stderr, /^imgsh: 'imgsh inspect' requires at least 1 argument\nusage: imgsh inspect /);
  });

  it("unknown option: 2 with a usage line (125 and docker's words for a docker form: images, inspect)", async () => {
    const r = await imgsh(['layers', '--bogus', built]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /unknown option --bogus/);
    assert.match(r.stderr, /^usage: imgsh layers /m);
    for (const cmd of ['images', 'inspect']) {
      const d = await imgsh([cmd, '--bogus']);
      assert.equal(d.code, 125, d.stderr);
      assert.match(d.stderr, new RegExp(`^imgsh: unknown flag: --bogus\nusage: imgsh ${cmd} `));
    }
  });

  it('no such image: 1, one line, no stack trace', async () => {
    for (const cmd of ['inspect', 'history']) {
      const r = await imgsh([cmd, failing]);
      const line = assertOneLineError(r, 1);
      assert.match(line, /no such (image|object)/i);
      assert.ok(line.includes(failing), line);
      // as docker: inspect prints the (empty) array of what it found
      assert.equal(r.stdout, cmd === 'inspect' ? '[]\n' : '');
    }
  });

  it('an invalid reference: 1, one line, no stack trace', async () => {
    const r = await imgsh(['inspect', 'UPPER/Case::bad']);
    assertOneLineError(r, 1);
  });

  it('app-only commands are refused outside the app with 2', async () => {
    const r = await imgsh(['quit']);
    const line = assertOneLineError(r, 2);
    assert.match(line, /only inside the app/);
  });

  for (const host of ['unix:///nonexistent.sock', 'tcp://127.0.0.1:1']) {
    it(`unreachable engine (${host}): 1, one line naming it and what to do`, async () => {
      const r = await imgsh(['images'], { env: { DOCKER_HOST: host } });
      const line = assertOneLineError(r, 1);
      assert.ok(line.includes(host), `endpoint not named: ${line}`);
      assert.match(line, /start the engine|DOCKER_HOST|--host/, `no advice: ${line}`);
      assert.equal(r.stdout, '');
    });
  }

  it('unreachable engine given with --host is named too', async () => {
    const r = await imgsh(['--host', 'unix:///nonexistent.sock', 'inspect', fixture]);
    const line = assertOneLineError(r, 1);
    assert.ok(line.includes('unix:///nonexistent.sock'), line);
  });
});

describe('version and help', () => {
  it('--version prints the version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const r = await imgsh([flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), version);
      assert.equal(r.stderr, '');
    }
  });

  it('--help lists usage, commands and options', async () => {
    const r = await imgsh(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: imgsh/m);
    for (const cmd of ['images', 'inspect', 'history', 'help']) assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\s+\\S`, 'm'));
    for (const opt of ['--host', '--keep-going', '--version']) assert.ok(r.stdout.includes(opt), opt);
    const help = await imgsh(['help']);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, r.stdout);
  });

  it('help images shows its usage and options', async () => {
    const r = await imgsh(['help', 'images']);
    assert.equal(r.code, 0, r.stderr);
    // a docker form: docker's shape of help
    assert.match(r.stdout, /^Usage: {2}imgsh images \[OPTIONS\] \[REPOSITORY\[:TAG\]\]$/m);
    for (const opt of ['--all', '--quiet', '--digests', '--no-trunc', '--filter', '--format', '--search', '--json']) assert.ok(r.stdout.includes(opt), opt);
    const same = await imgsh(['images', '--help']);
    assert.equal(same.code, 0);
    assert.equal(same.stdout, r.stdout);
  });

  it('help of an unknown command is a usage error', async () => {
    const r = await imgsh(['help', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no command "nope"/);
  });
});

describe('stdin scripts', () => {
  it('runs lines in order, skipping blank and comment lines', async () => {
    const script = [
      '# list the fixture, then the built image',
      '',
      `images --json ${fixtureRepo}`,
      '   ',
      '  # indented comment',
      `inspect --json ${built}`,
      'help images',
    ].join('\n');
    const r = await imgsh([], { input: script });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const a = r.stdout.indexOf(`"repository": "${fixtureRepo}"`);
    const b = r.stdout.indexOf('"IMGSH_CLI_GREETING=hello"');
    const c = r.stdout.indexOf('Usage:  imgsh images');
    assert.ok(a >= 0 && b > a && c > b, `not in order:\n${r.stdout}`);
  });

  it('stops at the first failure with "line N" and exit 1', async () => {
    const script = ['# first', 'help', `inspect ${failing}`, 'images --json'].join('\n');
    const r = await imgsh([], { input: script });
    const line = assertOneLineError(r, 1);
    assert.match(line, /^imgsh: line 3: .*no such (image|object)/i);
    assert.match(r.stdout, /^usage: imgsh/m, 'the line before the failure ran');
    assert.doesNotMatch(r.stdout, /"repository"/, 'the line after the failure must not run');
  });

  it('--keep-going runs the rest but still exits 1', async () => {
    const script = [`inspect ${failing}`, 'images --json', `history ${failing}`, `inspect --json ${built}`].join('\n');
    const r = await imgsh(['--keep-going'], { input: script });
    assert.equal(r.code, 1, r.stderr);
    const errLines = lines(r.stderr);
    assert.equal(errLines.length, 2, r.stderr);
    assert.match(errLines[0], /^imgsh: line 1: .*no such (image|object)/i);
    assert.match(errLines[1], /^imgsh: line 3: .*no such (image|object)/i);
    assert.match(r.stdout, /"repository"/);
    assert.match(r.stdout, /"IMGSH_CLI_GREETING=hello"/);
    assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
  });

  it('an unknown command in a script stops it with 2 and its line number', async () => {
    const r = await imgsh([], { input: 'help\nimags\nhelp\n' });
    const line = assertOneLineError(r, 2);
    assert.match(line, /^imgsh: line 2: unknown command "imags"/);
  });

  it('an unclosed quote is a usage error', async () => {
    const r = await imgsh([], { input: 'images "bsybx\nhelp\n' });
    const line = assertOneLineError(r, 2);
    assert.match(line, /^imgsh: line 1: .*quote/);
    assert.equal(r.stdout, '', 'nothing after the bad line runs');
  });

  it('quotes group words', async () => {
    const r = await imgsh([], { input: `images --json "${fixtureRepo}"\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { repository: string }[]).some((x) => x.repository === fixtureRepo));
  });

  it('stdin that is not a terminal and no command means script mode (empty script: exit 0)', async () => {
    const r = await imgsh([], { input: '' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
  });

  it('a script needs no engine until a command uses one', async () => {
    const r = await imgsh([], { input: 'help\n', env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: imgsh/m);
  });

  it('an unreachable engine fails the script at that line, in one line', async () => {
    const r = await imgsh([], { input: 'help\nimages\n', env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    const line = assertOneLineError(r, 1);
    assert.match(line, /^imgsh: line 2: cannot reach the Docker engine at unix:\/\/\/nonexistent\.sock/);
  });
});

function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
