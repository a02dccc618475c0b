// The app's connection holder and the `context` command, with stand-in engines: a switch
// reconnects and resets what was the old engine's; a failed one leaves everything as it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMANDS } from '../../commands/index.js';
import type { EngineVersion } from '../../src/domain/images/details.js';
import { parseHostUrl, type Endpoint } from '../../src/domain/connection/endpoint.js';
import type { ImageSummary } from '../../src/domain/images/image.js';
import type { Cancellable, Engine, EngineEvent } from '../../src/engine/types.js';
import type { AppControls, CommandContext } from '../../src/shell/command.js';
import { complete } from '../../src/shell/complete.js';
import { execute } from '../../src/shell/execute.js';
import { Registry } from '../../src/shell/registry.js';
import { createConnection, endpointLabel } from '../../src/store/connection.js';
import { startEngineSync } from '../../src/store/effects.js';
import { initialState } from '../../src/store/state.js';
import { unsupportedOperations } from '../support/fake-engine.js';
import { createStore } from '../../src/store/store.js';

const VERSION: EngineVersion = { version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' };

interface FakeEngine extends Engine {
  closed: boolean;
  lists: number;
}

function image(tag: string): ImageSummary {
  const id = `sha256:${createHash('sha256').update(tag).digest('hex')}`;
  return { id, parentId: '', repoTags: [tag], repoDigests: [], created: 1000, size: 1, labels: {} };
}

/** An engine holding `tags`; `version` as given (a rejection or a promise that never settles stands for an engine that is away). */
function fakeEngine(endpoint: Endpoint, tags: string[], version: () => Promise<EngineVersion> = async () => VERSION): FakeEngine {
  const engine: FakeEngine = {
    endpoint,
    closed: false,
    lists: 0,
    version,
    capabilities: async () => ({ apiVersion: '1.41', product: 'docker', containerdStore: false, buildkit: true, platforms: false }),
    ...unsupportedOperations('context-switch'),
    async listImages() {
      engine.lists++;
      return tags.map(image);
    },
    containerCounts: async () => new Map(),
    inspectImage: async () => assert.fail('not used'),
    inspectDocument: async () => assert.fail('not used'),
    history: async () => [],
    diskUsage: async () => ({ imageCount: tags.length, totalSize: tags.length, reclaimable: 0, rows: [], items: { images: [], containers: [], volumes: [], buildCache: [] } }),
    events(): Cancellable<EngineEvent> {
      let stop = () => {};
      const closed = new Promise<void>((r) => (stop = r));
      return {
        close: () => stop(),
        async *[Symbol.asyncIterator]() {
          await closed;
        },
      };
    },
    close() {
      engine.closed = true;
    },
  };
  return engine;
}

const one = parseHostUrl('unix:///one.sock', { from: 'context', name: 'one' });
const two = parseHostUrl('unix:///two.sock', { from: 'context', name: 'two' });
const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ok(), what);
};

function setup(engines: Record<string, FakeEngine>) {
  const store = createStore(initialState(endpointLabel(one).endpoint, 'dark', undefined, 'one'));
  const left: string[] = [];
  const conn = createConnection(one, store, {
    createEngine: (ep) => engines[ep.url],
    startSync: (engine, s) => startEngineSync(engine, s, { retryMs: 20, debounceMs: 1 }),
    leaving: async (old) => void left.push(old.url),
    probeMs: 100,
  });
  return { store, conn, left };
}

describe('connection holder', () => {
  it('switches: the new engine answers, the old one is closed, rows and marks are the new engine\'s', async () => {
    const engines = { 'unix:///one.sock': fakeEngine(one, ['only-one:1', 'both:1']), 'unix:///two.sock': fakeEngine(two, ['only-two:1', 'both:1']) };
    const { store, conn, left } = setup(engines);
    await until('first load', () => store.getState().loaded);
    store.dispatch({ type: 'mark/toggle' });
    store.dispatch({ type: 'overlay/open', overlay: 'contexts' });
    assert.equal(store.getState().marked.length, 1);

    await conn.switchTo(two);
    const now = store.getState();
    assert.equal(now.connection.context, 'two');
    assert.equal(now.connection.endpoint, 'unix:///two.sock');
    assert.deepEqual(now.marked, []);
    assert.equal(now.overlay, null);
    assert.ok(engines['unix:///one.sock'].closed, 'the old engine is closed');
    assert.deepEqual(left, ['unix:///one.sock']);
    assert.equal(conn.engine(), engines['unix:///two.sock']);
    await until('the new engine\'s rows', () => store.getState().loaded && store.getState().connection.status === 'connected');
    assert.deepEqual(store.getState().rows.map((r) => r.ref).sort(), ['both:1', 'only-two:1']);
    const oldLists = engines['unix:///one.sock'].lists;
    conn.refresh();
    await until('a refresh reaches the new engine', () => engines['unix:///two.sock'].lists >= 2);
    assert.equal(engines['unix:///one.sock'].lists, oldLists, 'the old engine is not asked any more');
    conn.stop();
  });

  it('stays on the old engine when the new one does not answer, is too slow, or the switch is cancelled', async () => {
    const down = fakeEngine(two, [], async () => {
      throw new Error('cannot reach the Docker engine at unix:///two.sock');
    });
    const engines = { 'unix:///one.sock': fakeEngine(one, ['only-one:1']), 'unix:///two.sock': down };
    const { store, conn, left } = setup(engines);
    await until('first load', () => store.getState().loaded);
    const before = store.getState();
    await assert.rejects(conn.switchTo(two), /cannot reach the Docker engine at unix:\/\/\/two\.sock/);
    assert.ok(down.closed, 'the engine that failed is closed');
    assert.equal(store.getState().connection, before.connection);
    assert.equal(store.getState().rows, before.rows);
    assert.equal(conn.engine(), engines['unix:///one.sock']);
    assert.ok(!engines['unix:///one.sock'].closed);
    assert.deepEqual(left, []);

    down.version = () => new Promise(() => {});
    await assert.rejects(conn.switchTo(two), /no answer from unix:\/\/\/two\.sock within 0\.1 s/);
    const controller = new AbortController();
    const cancelled = conn.switchTo(two, controller.signal);
    controller.abort();
    await assert.rejects(cancelled, /cancelled/);
    assert.equal(store.getState().connection.context, 'one');
    conn.stop();
  });
});

describe('the context command', () => {
  const registry = new Registry(COMMANDS);
  const saved = { ...process.env };
  let cfg = '';
  before(() => {
    cfg = mkdtempSync(join(tmpdir(), 'imgsh-ctx-cmd-'));
    for (const [name, host] of [['two', 'unix:///two.sock'], ['one', 'unix:///one.sock']]) {
      const dir = join(cfg, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: `engine ${name}` }, Endpoints: { docker: { Host: host } } }));
    }
    process.env.DOCKER_CONFIG = cfg;
    delete process.env.DOCKER_HOST;
    delete process.env.DOCKER_CONTEXT;
  });
  after(() => {
    process.env = saved;
    rmSync(cfg, { recursive: true, force: true });
  });

  const ctx = (mode: 'cli' | 'app', app: Partial<AppControls> | null = null, endpoint?: Endpoint): Omit<CommandContext, 'json'> => ({
    engine: async () => assert.fail('context commands never need the engine'),
    endpoint: endpoint ? () => endpoint : undefined,
    mode,
    app: app as AppControls | null,
    commands: COMMANDS,
    confirm: async () => false,
    signal: new AbortController().signal,
    progress: () => {},
    stdio: null,
  });

  it('lists with the current one marked, as text and JSON', async () => {
    const text = await execute(registry, ['context', 'ls'], ctx('cli'));
    assert.equal(text.code, 0);
    assert.deepEqual(text.stdout.split('\n').map((l) => l.split(/\s{2,}/)[0]), ['NAME', 'default *', 'one', 'two']);
    assert.match(text.stdout, /^two\s+engine two\s+unix:\/\/\/two\.sock$/m);
    const json = await execute(registry, ['context', 'list', '--json'], ctx('cli', null, two));
    assert.deepEqual(
      JSON.parse(json.stdout).map((c: { Name: string; Current: boolean }) => [c.Name, c.Current]),
      [['default', false], ['one', false], ['two', true]],
    );
    assert.equal((await execute(registry, ['context', 'show'], ctx('cli', null, two))).stdout, 'two');
  });

  it('use writes config.json as docker does and says so; DOCKER_HOST gets docker\'s warning', async () => {
    const out = await execute(registry, ['context', 'use', 'two'], ctx('cli'));
    assert.equal(out.stdout, 'Current context is now "two"');
    assert.equal(JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8')).currentContext, 'two');
    process.env.DOCKER_HOST = 'unix:///elsewhere.sock';
    try {
      const warned = await execute(registry, ['context', 'use', 'one'], ctx('cli'));
      assert.match(warned.stdout, /^Current context is now "one"\nWarning: DOCKER_HOST environment variable overrides the active context\. To use "one", either set the global --context flag, or unset DOCKER_HOST environment variable\.$/);
    } finally {
      delete process.env.DOCKER_HOST;
    }
    const bad = await execute(registry, ['context', 'use', 'nope'], ctx('cli'));
    assert.deepEqual([bad.code, bad.stderr], [1, 'imgsh: context "nope" not found: the contexts are default, one, two']);
    await execute(registry, ['context', 'use', 'default'], ctx('cli'));
    assert.equal(JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8')).currentContext, undefined);
  });

  it('switches only inside the app; a failed switch is one line saying where the app stayed', async () => {
    const cli = await execute(registry, ['context', 'two'], ctx('cli'));
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /unknown subcommand "two"/);

    const asked: string[] = [];
    const app = { switchContext: async (name: string) => (asked.push(name), { context: name, endpoint: `unix:///${name}.sock` }) };
    const ok = await execute(registry, ['context', 'two'], ctx('app', app, one));
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /^Switched to context "two" \(unix:\/\/\/two\.sock\) for this session/);
    await execute(registry, ['context', 'switch', 'one'], ctx('app', app, two));
    assert.deepEqual(asked, ['two', 'one']);
    assert.equal(JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8')).currentContext, undefined, 'a session switch writes nothing');

    const failing = { switchContext: async () => Promise.reject(new Error('cannot reach the Docker engine at unix:///two.sock')) };
    const failed = await execute(registry, ['context', 'two'], ctx('app', failing, one));
    assert.deepEqual([failed.code, failed.stderr], [1, 'imgsh: context "two" did not answer, still on "one": cannot reach the Docker engine at unix:///two.sock']);

    let opened = 0;
    await execute(registry, ['context'], ctx('app', { ...app, openContexts: () => void opened++ }, one));
    assert.equal(opened, 1);
  });

  it('use inside the app switches first and writes config.json only when the switch worked', async () => {
    const failing = { switchContext: async () => Promise.reject(new Error('no answer')) };
    const failed = await execute(registry, ['context', 'use', 'two'], ctx('app', failing, one));
    assert.equal(failed.code, 1);
    assert.equal(JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8')).currentContext, undefined);
    const app = { switchContext: async (name: string) => ({ context: name, endpoint: `unix:///${name}.sock` }) };
    const ok = await execute(registry, ['context', 'use', 'two'], ctx('app', app, one));
    assert.equal(ok.stdout, 'Current context is now "two"; the app is on unix:///two.sock');
    assert.equal(JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8')).currentContext, 'two');
    await execute(registry, ['context', 'use', 'default'], ctx('cli'));
  });

  it('completes subcommands and context names', () => {
    const refs = () => [];
    assert.deepEqual(complete(registry, 'context ', refs).candidates, ['default', 'list', 'ls', 'one', 'show', 'switch', 'two', 'use']);
    assert.equal(complete(registry, 'context use t', refs).line, 'context use two ');
    assert.deepEqual(complete(registry, 'context ls ', refs).candidates, []);
  });
});
