// The app survives the engine going away: the app talks to the test engine through a unix-socket
// proxy run by this test; closing the proxy (and cutting its connections) looks to the app like
// the engine dying, listening again like the engine coming back.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, fixtureRef, testDockerHost, engineStatus } from '../support/engine.js';
import {
  alive,
  assertRestored,
  capture,
  kill,
  programPid,
  sendText,
  stackTraceLines,
  startTmux,
  tmuxAvailable,
  waitFor,
  waitForNot,
} from '../support/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed: end-to-end tests need it (apt-get install tmux)';
const fixtureRepo = fixtureRef().replace(/:[^:/]*$/, '');
const fixtureRow = new RegExp(`${fixtureRepo}\\s+latest`);
const sessions: string[] = [];

/** A unix-socket proxy to the test engine that can be stopped and started on the same path. */
class EngineProxy {
  readonly path = join(tmpdir(), `imgsh-proxy-${process.pid}-${randomBytes(3).toString('hex')}.sock`);
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  connections = 0;

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = net.createServer((client) => {
      this.connections++;
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {}); // cut on purpose below; the other side is destroyed with it
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and cuts every open connection (the event stream included). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
    rmSync(this.path, { force: true });
  }
}

const proxy = new EngineProxy(testDockerHost().replace(/^unix:\/\//, ''));

describe('engine disconnects', { skip }, () => {
  after(async () => {
    for (const s of sessions) await kill(s);
    await cleanup(); // also removes this process's DOCKER_CONFIG dir
    await proxy.stop();
  });

  it('shows a "disconnected" banner when the engine goes, and recovers when it is back', async () => {
    await proxy.start();
    const s = await startTmux({ cols: 120, rows: 40, env: { DOCKER_HOST: `unix://${proxy.path}` } });
    sessions.push(s);
    await waitFor(s, fixtureRow, 8000);
    await waitFor(s, engineStatus());
    await waitFor(s, ` default │ unix://${proxy.path.slice(0, 24)}`); // the endpoint's tail may be cut
    const pid = await programPid(s);
    assert.ok(proxy.connections > 0, 'the app talks to the engine through the proxy');

    await proxy.stop();
    const down = await waitFor(s, /disconnected/i, 5000);
    assert.deepEqual(stackTraceLines(down), [], `stack trace on screen:\n${down}`);
    assert.doesNotMatch(down, /EXIT:\d+/, `the app ended:\n${down}`);
    assert.ok(alive(pid), 'the app is still running');
    // It keeps retrying without crashing while the engine is away: the subject is time passing
    // (a retry comes every 2 s), so this waits on purpose.
    await new Promise((r) => setTimeout(r, 2200));
    const stillDown = await capture(s);
    assert.match(stillDown, /disconnected/i);
    assert.deepEqual(stackTraceLines(stillDown), [], `stack trace on screen:\n${stillDown}`);
    assert.ok(alive(pid), 'the app is still running after retries');

    await proxy.start();
    const back = await waitForNot(s, /disconnected/i, 5000);
    assert.deepEqual(stackTraceLines(back), [], `stack trace on screen:\n${back}`);
    await waitFor(s, engineStatus(), 3000);
    await waitFor(s, fixtureRow, 3000);

    await sendText(s, 'q');
    const screen = await assertRestored(s, 0);
    assert.deepEqual(stackTraceLines(screen), [], `stack trace after quitting:\n${screen}`);
  });

  it('the app starts while the engine is away and connects once it is there', async () => {
    await proxy.stop();
    const s = await startTmux({ cols: 120, rows: 40, env: { DOCKER_HOST: `unix://${proxy.path}` } });
    sessions.push(s);
    const down = await waitFor(s, /disconnected/i, 8000);
    assert.deepEqual(stackTraceLines(down), [], `stack trace on screen:\n${down}`);
    await proxy.start();
    await waitForNot(s, /disconnected/i, 5000);
    await waitFor(s, fixtureRow, 3000);
    await sendText(s, 'q');
    await assertRestored(s, 0);
  });
});
