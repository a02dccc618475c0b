// `imgsh context` against files the real docker CLI writes, and the docker CLI reading what
// imgsh writes: contexts made with `docker context create`, switched with `imgsh context use`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureRef, testDockerHost } from '../support/engine.js';
import { runImgsh } from '../support/imgsh.js';

const config = mkdtempSync(join(tmpdir(), 'imgsh-ctx-int-'));
/** Neither DOCKER_HOST nor DOCKER_CONTEXT: the config's current context decides, for docker and imgsh alike. */
const env = { DOCKER_CONFIG: config, DOCKER_HOST: '', DOCKER_CONTEXT: '' };

function dockerCli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      err ? reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)) : resolve({ stdout, stderr }),
    );
  });
}

const imgsh = (...args: string[]) => runImgsh(args, { env });

/** `docker context ls --format json` rows: one JSON object a line. */
async function dockerList(): Promise<{ Name: string; Current: boolean; DockerEndpoint: string; Description: string }[]> {
  return (await dockerCli('context', 'ls', '--format', 'json')).stdout.trim().split('\n').map((l) => JSON.parse(l));
}

describe('imgsh context with the docker CLI', () => {
  before(async () => {
    await dockerCli('context', 'create', 'engine', '--description', 'the test engine', '--docker', `host=${testDockerHost()}`);
    await dockerCli('context', 'create', 'nowhere', '--docker', `host=unix://${join(config, 'none.sock')}`);
    await dockerCli('context', 'create', 'far', '--docker', 'host=tcp://192.0.2.1:2376,skip-tls-verify=true');
  });
  after(() => rmSync(config, { recursive: true, force: true }));

  it('lists what docker lists, in its order, with the same current context', async () => {
    const ours = await imgsh('context', 'ls', '--json');
    assert.equal(ours.code, 0, ours.stderr);
    const theirs = await dockerList();
    assert.deepEqual(
      JSON.parse(ours.stdout).map((c: Record<string, unknown>) => [c.Name, c.Description, c.DockerEndpoint, c.Current]),
      theirs.map((c) => [c.Name, c.Description, c.DockerEndpoint, c.Current]),
    );
    const table = await imgsh('context', 'ls');
    assert.match(table.stdout, /^NAME\s+DESCRIPTION\s+DOCKER ENDPOINT\ndefault \*\s+Current DOCKER_HOST based configuration\s+unix:\/\/\/var\/run\/docker\.sock\nengine\s+the test engine\s+unix:\/\/\//);
  });

  it('use writes what docker reads, keeps the rest of config.json and its mode; use default undoes it', async () => {
    writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { '127.0.0.1:5999': { auth: 'dTpw' } }, detachKeys: 'ctrl-x' }));
    chmodSync(join(config, 'config.json'), 0o600);
    const used = await imgsh('context', 'use', 'engine');
    assert.deepEqual([used.code, used.stdout.trim()], [0, 'Current context is now "engine"']);
    assert.equal((await dockerCli('context', 'show')).stdout.trim(), 'engine');
    assert.deepEqual((await dockerList()).filter((c) => c.Current).map((c) => c.Name), ['engine']);
    const written = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8'));
    assert.deepEqual(written, { auths: { '127.0.0.1:5999': { auth: 'dTpw' } }, detachKeys: 'ctrl-x', currentContext: 'engine' });
    assert.equal(statSync(join(config, 'config.json')).mode & 0o777, 0o600);

    // imgsh itself now talks to that engine, and says so
    assert.equal((await imgsh('context', 'show')).stdout.trim(), 'engine');
    const images = await imgsh('images', '--json');
    assert.equal(images.code, 0, images.stderr);
    const refs = JSON.parse(images.stdout).map((r: { repository: string; tag: string }) => `${r.repository}:${r.tag}`);
    assert.ok(refs.includes(fixtureRef()), `the fixture is listed: ${refs.join(', ')}`);

    const back = await imgsh('context', 'use', 'default');
    assert.equal(back.code, 0);
    assert.equal((await dockerCli('context', 'show')).stdout.trim(), 'default');
    assert.equal(JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')).currentContext, undefined);
  });

  it('agrees with docker on what docker itself wrote', async () => {
    await dockerCli('context', 'use', 'far');
    assert.equal((await imgsh('context', 'show')).stdout.trim(), 'far');
    assert.match((await imgsh('context', 'ls')).stdout, /^far \*\s+tcp:\/\/192\.0\.2\.1:2376$/m);
    await dockerCli('context', 'use', 'default');
  });

  it('an unknown name fails with one line listing the names; DOCKER_HOST gets docker\'s warning', async () => {
    const bad = await imgsh('context', 'use', 'nope');
    assert.deepEqual([bad.code, bad.stderr.trim()], [1, 'imgsh: context "nope" not found: the contexts are default, engine, far, nowhere']);
    const warned = await runImgsh(['context', 'use', 'nowhere'], { env: { ...env, DOCKER_HOST: testDockerHost() } });
    assert.match(warned.stdout, /Warning: DOCKER_HOST environment variable overrides the active context\. To use "nowhere"/);
    const listed = await runImgsh(['context', 'ls'], { env: { ...env, DOCKER_HOST: testDockerHost() } });
    assert.match(listed.stdout, new RegExp(`^default \\*\\s+Current DOCKER_HOST based configuration\\s+${testDockerHost().replace(/[/.]/g, '\\$&')}$`, 'm'));
    assert.match(listed.stdout, /^nowhere\s/m, 'not marked: DOCKER_HOST wins');
    await imgsh('context', 'use', 'default');
  });

  it('a context switch is for the app: the one-shot CLI says to use `use`', async () => {
    const r = await imgsh('context', 'engine');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^imgsh: unknown subcommand "engine": use ls, show or use NAME/);
  });
});
