// The HTTP transport against a fake engine: a node:http server on a unix socket.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHostUrl, type Endpoint } from '../../src/domain/connection/endpoint.js';
import { EngineApiError, EngineUnreachableError } from '../../src/engine/transport/errors.js';
import { buildPath, createHttpClient } from '../../src/engine/transport/http.js';

const dir = mkdtempSync(join(tmpdir(), 'imgsh-http-'));
const socket = join(dir, 'fake.sock');
const endpoint = parseHostUrl(`unix://${socket}`, { from: 'flag' });
const open = new Set<http.ServerResponse>();

function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (url.pathname) {
    case '/echo':
      return json(200, { path: url.pathname, query: Object.fromEntries(url.searchParams) });
    case '/conflict':
      return json(409, { message: 'image is in use' });
    case '/plain-error':
      res.writeHead(500);
      return res.end('boom\n');
    case '/cut': // half an answer, then the link drops
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"a":');
      setTimeout(() => res.destroy(), 20);
      return;
    case '/hang':
      open.add(res);
      return; // never answers
    case '/lines': // two events in odd chunks, then the link drops
      res.writeHead(200);
      res.write('{"a":1}\n{"a"');
      setTimeout(() => res.write(':2}\n\nnot json\n'), 20);
      setTimeout(() => res.destroy(), 60);
      return;
    case '/quiet': // one event, then stays open
      res.writeHead(200);
      res.write('{"a":1}\n');
      open.add(res);
      return;
  }
  json(404, { message: 'page not found' });
}

const server = http.createServer(handler);
before(() => new Promise<void>((r) => server.listen(socket, r)));
after(() => {
  for (const res of open) res.destroy();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('buildPath', () => {
  it('JSON-encodes objects and skips undefined', () => {
    assert.equal(buildPath('/x', { all: 1, none: undefined, filters: { label: ['a=b'] } }), '/x?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D');
    assert.equal(buildPath('/x', {}), '/x');
  });
});

describe('getJson over a unix socket', () => {
  const client = createHttpClient(endpoint, 300);
  after(() => client.close());

  it('returns the parsed body and sends the query', async () => {
    assert.deepEqual(await client.getJson('/echo', { all: true, filters: { dangling: ['true'] } }), {
      path: '/echo',
      query: { all: 'true', filters: '{"dangling":["true"]}' },
    });
  });

  it("turns an error status into EngineApiError with the engine's message", async () => {
    await assert.rejects(client.getJson('/conflict'), (e) => e instanceof EngineApiError && e.status === 409 && e.message === 'image is in use');
    await assert.rejects(client.getJson('/plain-error'), (e) => e instanceof EngineApiError && e.status === 500 && e.message === 'boom');
  });

  it('reports a link dropped mid-answer as unreachable', async () => {
    await assert.rejects(client.getJson('/cut'), (e) => e instanceof EngineUnreachableError && e.code === 'ECONNRESET');
  });

  it('gives up on a hung engine', async () => {
    await assert.rejects(client.getJson('/hang'), (e) => e instanceof EngineUnreachableError && e.code === 'ETIMEDOUT' && /timed out/.test(e.message));
  });

  it('reports a missing socket as unreachable, with advice', async () => {
    const gone: Endpoint = parseHostUrl(`unix://${join(dir, 'none.sock')}`, { from: 'flag' });
    const c = createHttpClient(gone);
    await assert.rejects(c.getJson('/echo'), (e) => e instanceof EngineUnreachableError && e.code === 'ENOENT' && /no socket at/.test(e.message));
  });
});

describe('getLines', () => {
  const client = createHttpClient(endpoint, 300);
  after(() => client.close());

  it('yields JSON lines across chunks, skips junk, and ends when the link drops', async () => {
    const got: unknown[] = [];
    for await (const line of client.getLines('/lines')) got.push(line);
    assert.deepEqual(got, [{ a: 1 }, { a: 2 }]);
  });

  it('ends iteration on close()', async () => {
    const lines = client.getLines('/quiet');
    const got: unknown[] = [];
    for await (const line of lines) {
      got.push(line);
      lines.close();
    }
    assert.deepEqual(got, [{ a: 1 }]);
  });

  it('can be closed before iterating', async () => {
    const lines = client.getLines('/quiet');
    lines.close();
    for await (const _ of lines) assert.fail('nothing should come');
  });

  it('throws on an error status', async () => {
    const lines = client.getLines('/conflict');
    await assert.rejects(async () => {
      for await (const _ of lines);
    }, (e) => e instanceof EngineApiError && e.status === 409);
  });
});

describe('disk usage while another scan runs', () => {
  it('waits for the engine instead of failing', async () => {
    const { whileDiskUsageBusy } = await import('../../src/engine/transport/disk-usage-busy.js');
    let calls = 0;
    const value = await whileDiskUsageBusy(async () => {
      if (++calls < 3) throw new Error('a disk usage operation is already running');
      return 42;
    }, 5, 1);
    assert.deepEqual([value, calls], [42, 3]);
    await assert.rejects(whileDiskUsageBusy(async () => Promise.reject(new Error('boom')), 5, 1), /boom/);
  });
});
