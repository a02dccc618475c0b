// The export read off a unix socket without node:http (raw-get.ts), against an HTTP server on a
// unix socket in this process: the body byte for byte, the engine's error in its own words,
// cancelling, and no answer at all.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChunkSource } from '../../src/engine/transport/chunk-source.js';
import { rawGet } from '../../src/engine/transport/raw-get.js';
import { EngineApiError, EngineUnreachableError } from '../../src/engine/transport/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'imgsh-raw-get-'));
const path = join(dir, 'engine.sock');
const source = { from: 'flag' as const };
const endpoint = { kind: 'unix' as const, path, url: `unix://${path}`, source };
const body = randomBytes(5 << 20);
let seen: { url?: string; version?: string } = {};

const server = http.createServer((req, res) => {
  seen = { url: req.url, version: req.httpVersion };
  if (req.url?.startsWith('/missing')) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ message: 'reference does not exist' }));
  }
  if (req.url?.startsWith('/slow')) return void res.writeHead(200).flushHeaders();
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  // in pieces, as the engine writes its export
  for (let at = 0; at < body.length; at += 100_000) res.write(body.subarray(at, at + 100_000));
  res.end();
});

// the chunks are borrowed: copied to be kept; `wait` makes the reading wait every few chunks
async function readAll(body: ChunkSource, wait = false): Promise<Buffer> {
  const parts: Buffer[] = [];
  await body.each((c) => {
    parts.push(Buffer.from(c));
    return wait && parts.length % 5 === 0 ? new Promise((resolve) => setTimeout(resolve, 5)) : null;
  });
  return Buffer.concat(parts);
}

describe('rawGet', () => {
  before(() => new Promise<void>((resolve) => server.listen(path, resolve)));
  after(() => {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks in HTTP/1.0 and hands on the body as sent', async () => {
    const got = await readAll(await rawGet(endpoint, '/images/get?names=a'));
    assert.deepEqual(seen, { url: '/images/get?names=a', version: '1.0' });
    assert.equal(got.length, body.length);
    assert.ok(got.equals(body));
  });

  it('the reader can make it wait, and stop it', async () => {
    const body0 = await rawGet(endpoint, '/images/get?names=a');
    assert.equal(body0.borrowed, true);
    const got = await readAll(body0, true);
    assert.ok(got.equals(body));
    let chunks = 0;
    const stopped = await rawGet(endpoint, '/images/get?names=a');
    await stopped.each(() => (++chunks === 3 ? 'stop' : null));
    stopped.destroy();
    assert.equal(chunks, 3);
  });

  it("an error answer is the engine's message, as requestStream gives it", async () => {
    await assert.rejects(rawGet(endpoint, '/missing'), (e: unknown) => e instanceof EngineApiError && e.status === 404 && e.message === 'reference does not exist');
  });

  it('cancelling before the answer rejects, and after it ends the body with an error', async () => {
    const early = new AbortController();
    const pending = rawGet(endpoint, '/slow-never-answered-body', early.signal);
    early.abort();
    await assert.rejects(pending, /cancelled/);
    const late = new AbortController();
    const stream = await rawGet(endpoint, '/slow', late.signal);
    const reading = readAll(stream);
    late.abort();
    await assert.rejects(reading, /cancelled/);
  });

  it('no engine on the socket: unreachable', async () => {
    const none = join(dir, 'none.sock');
    await assert.rejects(rawGet({ kind: 'unix', path: none, url: `unix://${none}`, source }, '/x'), EngineUnreachableError);
  });
});
