// Engines that are not there: the errors say what to do.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { createEngine } from '../../src/engine/engine.js';
import { EngineUnreachableError } from '../../src/engine/transport/errors.js';
import { firstLegOnly } from '../support/engine.js';

const run = `${process.pid}-${Date.now()}`;

describe('unreachable engines', { skip: firstLegOnly }, () => {
  it('explains a missing unix socket', async () => {
    const e = createEngine(parseHostUrl(`unix:///var/tmp/imgsh-no-such-dir-${run}/docker.sock`, { from: 'flag' }));
    await assert.rejects(e.version(), (err) => {
      assert.ok(err instanceof EngineUnreachableError);
      assert.equal(err.code, 'ENOENT');
      assert.match(err.message, /no socket at .* start the engine/);
      return true;
    });
  });

  it('explains a closed tcp port', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const e = createEngine(parseHostUrl(`tcp://127.0.0.1:${port}`, { from: 'flag' }));
    await assert.rejects(e.listImages(), (err) => {
      assert.ok(err instanceof EngineUnreachableError);
      assert.equal(err.code, 'ECONNREFUSED');
      assert.match(err.message, /cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1.*start the engine/);
      return true;
    });
  });

  it('fails the event stream of an unreachable engine', async () => {
    const e = createEngine(parseHostUrl(`unix:///var/tmp/imgsh-no-such-dir-${run}/docker.sock`, { from: 'flag' }));
    await assert.rejects(async () => {
      for await (const _ of e.events());
    }, EngineUnreachableError);
  });
});
