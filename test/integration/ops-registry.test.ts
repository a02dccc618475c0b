// pull, push, tag, rmi, search, login/logout of the built program against the test engine and
// its loopback registries (5055 open, 5056 htpasswd). Everything local carries imgsh.test=<run id>
// and is removed by cleanup(); registry contents go under run-unique names and stay.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMANDS } from '../../commands/index.js';
import { runImgsh, type Result } from '../support/imgsh.js';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { parseRef } from '../../src/domain/images/ref.js';
import { createEngine } from '../../src/engine/engine.js';
import { pullImage } from '../../src/engine/registry/pull.js';
import type { CommandContext } from '../../src/shell/command.js';
import { execute } from '../../src/shell/execute.js';
import { Registry } from '../../src/shell/registry.js';
import {
  AUTH_REGISTRY_PASSWORD,
  AUTH_REGISTRY_USER,
  TEST_LABEL,
  cleanup,
  docker,
  fixtureRef,
  makeTestImage,
  testAuthRegistry,
  testDockerHost,
  engineUnderTest,
  testEnv,
  testLabelValue,
  testRegistry,
} from '../support/engine.js';
import { REPO_ROOT } from '../support/tmux.js';

const run = testLabelValue();
const registry = testRegistry();
const authRegistry = testAuthRegistry();
const skip = !registry || !authRegistry ? 'no loopback registries on this test engine' : false;
const configDirs: string[] = [];


/** A fresh DOCKER_CONFIG directory (not created: login must create it). */
function freshConfig(): string {
  const parent = mkdtempSync(join(tmpdir(), 'imgsh-ops-config-'));
  configDirs.push(parent);
  return join(parent, 'docker');
}

/** Runs the program (stdin piped, never a TTY) with its own DOCKER_CONFIG. */
function imgsh(args: string[], opts: { config?: string; input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Result> {
  return runImgsh(args, { ...opts, env: { DOCKER_CONFIG: opts.config ?? freshConfig(), ...opts.env } });
}

/** Exit code as expected, one `imgsh:` line on stderr (plus a usage line for 2), no stack trace. */
function failed(r: Result, code: 1 | 2, message: RegExp): void {
  const why = `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  assert.equal(r.code, code, why);
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /, `stack trace: ${why}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, code === 2 ? 2 : 1, why);
  assert.match(lines[0], /^imgsh: /);
  assert.match(lines[0], message, why);
}

function ok(r: Result): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

async function imageId(ref: string): Promise<string | null> {
  return docker(['image', 'inspect', '-f', '{{.Id}}', ref]).then((s) => s.trim(), () => null);
}

before(() => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build`');
});

after(async () => {
  for (const dir of configDirs) rmSync(dir, { recursive: true, force: true });
  await cleanup();
});

describe('push and pull through the loopback registry', { skip }, () => {
  const ref = `${registry}/imgsh-test/${run}:1`;
  let built: string;
  before(async () => {
    built = await makeTestImage(ref, { steps: [`RUN echo ${run} > /which`] });
  });

  it('push, rmi, pull back: same image id', async () => {
    // stdout as docker's: the engine's status lines, the last one the digest
    assert.match(ok(await imgsh(['push', ref])), /^\S+: digest: sha256:[0-9a-f]{64} size: \d+$/m);
    const removed = ok(await imgsh(['rmi', ref]));
    assert.match(removed, new RegExp(`^Untagged: ${esc(ref)}$`, 'm'));
    assert.match(removed, new RegExp(`^Deleted: ${built}$`, 'm'));
    assert.equal(await imageId(ref), null);
    const pulled = ok(await imgsh(['pull', ref])).trim();
    assert.match(pulled, new RegExp(`^Status: Downloaded newer image for ${esc(ref)}$`, 'm'));
    assert.equal(pulled.split('\n').at(-1), ref, 'docker\'s last line: the reference');
    assert.deepEqual(JSON.parse(ok(await imgsh(['pull', '--json', ref]))), { ref, id: built });
    assert.equal(await imageId(ref), built);
  });

  it('push --json gives the digest', async () => {
    const out = JSON.parse(ok(await imgsh(['push', '--json', ref])));
    assert.equal(out.ref, ref);
    assert.match(out.digest, /^sha256:[0-9a-f]{64}$/);
  });

  it('search --catalog HOST/PREFIX lists the pushed repository with its tags (registry v2 API)', async () => {
    const table = ok(await imgsh(['search', '--catalog', `${registry}/imgsh-test/${run}`]));
    assert.match(table, /^REPOSITORY\s+TAGS$/m);
    assert.match(table, new RegExp(`^${esc(`${registry}/imgsh-test/${run}`)}\\s+1$`, 'm'));
    // The registry keeps earlier runs' repositories, so this run's may be past any limit:
    // the whole listing is checked for form; the prefix search above found this run's.
    const all = JSON.parse(ok(await imgsh(['search', '--catalog', '--json', '--limit', '100', `${registry}/`])));
    assert.ok(all.length > 0 && all.every((r: { name: string; tags: string[] }) => r.name.startsWith(`${registry}/`) && Array.isArray(r.tags)), JSON.stringify(all));
  });

  it('not found, unreachable registry, Docker Hub offline: each its own message', async () => {
    failed(await imgsh(['pull', `${registry}/imgsh-test/${run}:nope`]), 1, new RegExp(`was not found in ${esc(registry!)}: check the name and tag`));
    failed(await imgsh(['pull', '127.0.0.1:1/x:1']), 1, /cannot reach 127\.0\.0\.1:1 from the engine \(connection refused\)/);
    const hub = await imgsh(['pull', `imgsh-test-nonexistent/${run}`]);
    failed(hub, 1, /cannot reach Docker Hub from the engine|not found on Docker Hub/);
    failed(await imgsh(['push', `imgsh-test/${run}-missing:1`]), 1, /no local image imgsh-test\/.*-missing:1 to push/);
    const hubRef = `imgsh-test/${run}-hub:1`;
    await docker(['tag', built, hubRef]);
    failed(await imgsh(['push', hubRef]), 1, /cannot reach Docker Hub from the engine|requires a login to push/);
    const search = await imgsh(['search', 'busybox']);
    if (search.code !== 0) failed(search, 1, /Docker Hub is unreachable from the engine/);
  });
});

describe('a registry with htpasswd auth', { skip }, () => {
  const ref = `${authRegistry}/imgsh-test/${run}:1`;
  const config = freshConfig();
  const outputs: Result[] = [];
  const tracked = async (args: string[], input?: string) => {
    const r = await imgsh(args, { config, input });
    outputs.push(r);
    return r;
  };
  before(async () => {
    await makeTestImage(ref, { steps: [`RUN echo auth-${run} > /which`] });
  });

  it('without credentials: push and search say to log in', async () => {
    failed(await tracked(['push', ref]), 1, new RegExp(`requires a login to push .*: run imgsh login ${esc(authRegistry!)}$`));
    failed(await tracked(['search', '--catalog', `${authRegistry}/`]), 1, new RegExp(`requires a login: run imgsh login ${esc(authRegistry!)}`));
  });

  it('login refuses a wrong password and asks for --password-stdin without a terminal', async () => {
    failed(await tracked(['login', authRegistry!, '-u', AUTH_REGISTRY_USER, '--password-stdin'], 'wrong\n'), 1, /login to .* failed: wrong username or password/);
    assert.equal(existsSync(join(config, 'config.json')), false, 'nothing stored after a failed login');
    failed(await tracked(['login', authRegistry!, '-u', AUTH_REGISTRY_USER]), 1, /--password-stdin/);
    failed(await tracked(['login', authRegistry!, '--password-stdin'], 'x\n'), 2, /needs the user name too: -u USER/);
  });

  it('login --password-stdin stores base64 auths (0600); push and pull then work', async () => {
    const login = ok(await tracked(['login', authRegistry!, '-u', AUTH_REGISTRY_USER, '--password-stdin'], `${AUTH_REGISTRY_PASSWORD}\n`));
    assert.match(login, /Login Succeeded/);
    const file = join(config, 'config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const auth = JSON.parse(readFileSync(file, 'utf8')).auths[authRegistry!].auth;
    assert.equal(Buffer.from(auth, 'base64').toString(), `${AUTH_REGISTRY_USER}:${AUTH_REGISTRY_PASSWORD}`);
    ok(await tracked(['push', ref]));
    ok(await tracked(['rmi', ref]));
    assert.match(ok(await tracked(['pull', ref])), /^Status: Downloaded newer image for /m);
    assert.match(ok(await tracked(['search', '--catalog', `${authRegistry}/imgsh-test/${run}`])), new RegExp(`${esc(`imgsh-test/${run}`)}\\s+1`));
  });

  it('the password appears nowhere in what imgsh printed', () => {
    const b64 = Buffer.from(`${AUTH_REGISTRY_USER}:${AUTH_REGISTRY_PASSWORD}`).toString('base64');
    for (const r of outputs) {
      for (const text of [r.stdout, r.stderr]) {
        assert.ok(!text.includes(AUTH_REGISTRY_PASSWORD) && !text.includes(b64), `secret printed:\n${text}`);
      }
    }
  });

  it('logout forgets the credentials', async () => {
    assert.match(ok(await tracked(['logout', authRegistry!])), /Removed the credentials/);
    assert.match(ok(await tracked(['logout', authRegistry!])), /Not logged in/);
    failed(await tracked(['push', ref]), 1, /requires a login/);
  });
});

describe('cancelling a pull', { skip }, () => {
  const ref = `${registry}/imgsh-test/${run}-big:1`;
  before(async () => {
    await makeTestImage(ref, { steps: ['RUN head -c 200000000 /dev/urandom > /big'] });
    await docker(['push', ref]);
    await docker(['rmi', ref]);
  });

  it('aborting after the first Downloading event leaves nothing behind', async () => {
    const endpoint = parseHostUrl(testDockerHost(), { from: 'DOCKER_HOST' });
    const controller = new AbortController();
    let downloading = 0;
    const pull = pullImage(endpoint, parseRef(ref), {
      auth: null,
      signal: controller.signal,
      onProgress: (r) => {
        if (r.items.some((i) => i.status === 'Downloading')) {
          downloading++;
          controller.abort(new Error('cancelled'));
        }
      },
    });
    await assert.rejects(pull, /^Error: pull cancelled$|pull cancelled/);
    assert.ok(downloading > 0);
    // the engine's own download stops when the request goes; no image may appear afterwards:
    // an absence, so it is looked for after a while on purpose
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await imageId(ref), null);
    const listed = JSON.parse(ok(await imgsh(['images', '--json', '--filter', `reference=${registry}/imgsh-test/${run}-big`])));
    assert.deepEqual(listed, []);
  });
});

describe('bad references are refused before anything is sent', () => {
  const nowhere = { DOCKER_HOST: 'unix:///nonexistent.sock' };
  const cases: [string[], RegExp][] = [
    [['pull', '--platform', 'linux', 'busybox'], /bad --platform: "linux" is not a platform: write OS\/ARCH\[\/VARIANT\], e\.g\. linux\/arm64/],
    [['push', `x@sha256:${'a'.repeat(64)}`], /cannot push .*: .*push NAME:TAG/],
    [['search', '--catalog', '--limit', '0', '127.0.0.1:1/'], /--limit must be a whole number from 1 to 100/],
    [['search', '--catalog', 'busybox'], /--catalog lists a registry: give HOST\[:PORT\]\/\[PREFIX\]/],
    [['login', 'bad host!'], /bad registry/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => failed(await imgsh(args, { env: nowhere }), 2, message));
  }
  // tag and pull as docker: its parser's words, exit 1 (docker-forms.test.ts compares them with docker's)
  const asDocker: [string[], RegExp][] = [
    [['tag', fixtureRef(), 'Bad:Ref'], /^imgsh: Error parsing reference: "Bad:Ref" is not a valid repository\/tag: invalid reference format: repository name \(library\/Bad\) must be lowercase$/],
    [['tag', 'ux/good:1', 'UX/Bad:1'], /repository name \(Bad\) must be lowercase/],
    [['tag', 'a::b', 'x:1'], /"a::b" is not a valid repository\/tag: invalid reference format$/],
    [['pull', 'Foo:bar'], /^imgsh: invalid reference format: repository name \(library\/Foo\) must be lowercase$/],
    [['pull', 'a::b'], /^imgsh: invalid reference format$/],
    [['pull', 'x@sha256:short'], /^imgsh: invalid reference format$/],
  ];
  for (const [args, message] of asDocker) {
    it(args.join(' '), async () => failed(await imgsh(args, { env: nowhere }), 1, message));
  }
});

describe('tag', () => {
  it('names an image again; a missing SRC is not found', async () => {
    const dst = `imgsh-test/ops-tag:${run}`;
    await makeTestImage(`imgsh-test/ops-tag-src:${run}`, { steps: [`RUN echo tag-${run} > /which`] });
    const id = (await imageId(`imgsh-test/ops-tag-src:${run}`))!;
    // as docker: nothing on stdout
    assert.equal(ok(await imgsh(['tag', `imgsh-test/ops-tag-src:${run}`, dst])), '');
    assert.equal(await imageId(dst), id);
    assert.deepEqual(JSON.parse(ok(await imgsh(['tag', '--json', `imgsh-test/ops-tag-src:${run}`, dst]))), { source: `imgsh-test/ops-tag-src:${run}`, target: dst, id });
    failed(await imgsh(['tag', `imgsh-test/ops-nope:${run}`, dst]), 1, /^imgsh: Error response from daemon: No such image: imgsh-test\/ops-nope/);
  });
});

describe('rmi', () => {
  const label = ['--label', `${TEST_LABEL}=${run}`];

  it('an image a running container uses: cannot, say which container to stop', async () => {
    const ref = `imgsh-test/ops-running:${run}`;
    await makeTestImage(ref, { steps: [`RUN echo running-${run} > /which`] });
    const name = `imgsh-test-${run}-running`;
    await docker(['run', '-d', ...label, '--name', name, ref, 'sleep', '300']);
    for (const args of [['rmi', ref], ['rmi', '-f', ref]]) {
      failed(await imgsh(args), 1, new RegExp(`cannot remove ${esc(ref)}: running container ${name} uses it — stop container ${name} first`));
    }
    assert.ok(await imageId(ref), 'the image is still there');
  });

  it('an image a stopped container uses: explained; -f removes it and warns', async () => {
    const ref = `imgsh-test/ops-stopped:${run}`;
    const id = await makeTestImage(ref, { steps: [`RUN echo stopped-${run} > /which`] });
    const name = `imgsh-test-${run}-stopped`;
    await docker(['create', ...label, '--name', name, ref]);
    if (engineUnderTest().containerdStore) {
      // there the engine only untags: the image stays for the container
      failed(await imgsh(['rmi', ref]), 1, new RegExp(`used by stopped container ${name}: -f untags it; the image stays as long as container ${name} does`));
      assert.equal(ok(await imgsh(['rmi', '-f', ref])).trim(), `Untagged: ${ref}`);
      assert.equal(await imageId(id), id, 'the image stays for the container');
      return;
    }
    failed(await imgsh(['rmi', ref]), 1, new RegExp(`used by stopped container ${name}: -f removes it anyway, leaving container ${name} pointing at a missing image`));
    // stdout as docker's; the warning is imgsh's, on stderr
    const r = await imgsh(['rmi', '-f', ref]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Deleted: ${id}$`, 'm'));
    assert.match(r.stderr, new RegExp(`^warning: container ${name} now points at a missing image$`, 'm'));
    assert.equal(await imageId(id), null);
  });

  it('untags one of several tags; the image stays', async () => {
    const a = `imgsh-test/ops-multi:${run}-a`;
    const b = `imgsh-test/ops-multi:${run}-b`;
    const id = await makeTestImage(a, { steps: [`RUN echo multi-${run} > /which`] });
    await docker(['tag', a, b]);
    failed(await imgsh(['rmi', id.slice(7, 19)]), 1, /referenced by several tags .*: use -f to delete all its tags, or name one tag to untag it/);
    assert.equal(ok(await imgsh(['rmi', a])).trim(), `Untagged: ${a}`);
    assert.equal(await imageId(b), id);
  });

  it('several refs: each attempted and reported, exit 1 when one fails', async () => {
    const one = `imgsh-test/ops-several:${run}-1`;
    const two = `imgsh-test/ops-several:${run}-2`;
    const missing = `imgsh-test/ops-several:${run}-missing`;
    const id = await makeTestImage(one, { steps: [`RUN echo several-${run} > /which`] });
    await docker(['tag', one, two]);
    const r = await imgsh(['rmi', '--json', one, missing, two]);
    failed(r, 1, new RegExp(`Error response from daemon: No such image: ${esc(missing)}`));
    const results = JSON.parse(r.stdout) as { ref: string; action: string; untagged: string[]; deleted: string[]; error?: string }[];
    assert.deepEqual(results.map((x) => [x.ref, x.action, Boolean(x.error)]), [[one, 'untag', false], [missing, 'delete', true], [two, 'delete', false]]);
    assert.equal(results[2].deleted[0], id, 'then its untagged parent layers from the build');
    assert.equal(await imageId(id), null);
  });
});

describe('rmi in the app asks first', () => {
  /** Runs `rmi` as the app does, answering the confirmation with `answer`; returns what was asked. */
  async function appRmi(refs: string[], answer: boolean) {
    const engine = createEngine(parseHostUrl(testDockerHost(), { from: 'DOCKER_HOST' }));
    const asked: { question: string; details: readonly string[] }[] = [];
    const ctx: Omit<CommandContext, 'json'> = {
      engine: async () => engine,
      mode: 'app',
      app: null,
      commands: COMMANDS,
      confirm: async (question, details = []) => (asked.push({ question, details }), answer),
      signal: new AbortController().signal,
      progress: () => {},
      stdio: null,
    };
    try {
      return { outcome: await execute(new Registry(COMMANDS), ['rmi', ...refs], ctx), asked };
    } finally {
      engine.close();
    }
  }

  it('says untag or delete and the space freed; no means nothing is removed', async () => {
    const a = `imgsh-test/ops-app:${run}-a`;
    const b = `imgsh-test/ops-app:${run}-b`;
    const id = await makeTestImage(a, { steps: [`RUN echo app-${run} > /which`] });
    await docker(['tag', a, b]);
    const no = await appRmi([a], false);
    assert.deepEqual(no.asked.map((x) => x.question), [`Untag ${a} (the image stays as ${b})?`]);
    assert.equal(no.outcome.stdout, 'Nothing removed');
    assert.equal(await imageId(a), id);
    const both = await appRmi([a, b], true);
    assert.match(both.asked[0].question, /^Remove 2 images: delete 1 \(frees up to \d+(\.\d+)?[kM]?B\), untag 1\?$/);
    assert.deepEqual(both.asked[0].details.map((l) => l.split(' ')[0]), ['untag', 'delete']);
    assert.equal(both.outcome.code, 0, both.outcome.stderr);
    assert.equal(await imageId(id), null);
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
