// Records the Engine API answers the app's Engine interface reads, from each engine of the
// test matrix, into test/fixtures/engine/<name>/ for test/support/fake-engine.ts.
//
//   node --import tsx test/support/record-engine.ts [docker-20|docker-28-containerd|podman ...]
//
// Per engine it makes a few small images from the fixture (all labelled
// imgsh.test=fake-engine-record): `imgsh-fake/app` (the fixture plus labels, tagged twice),
// `imgsh-fake/layers:2` built FROM it with two RUN layers, a dangling image, and one stopped
// container of `imgsh-fake/layers:2`. It then records /version, /info, /images/json (plain,
// all=1, dangling), /containers/json?all=1, /system/df, /images/{id}/json and /history for
// every image in the all=1 list, a 404 for an unknown image, and the /events lines that tagging
// and untagging `imgsh-fake/app` produce. Finally it removes what it made, and only that.
//
// The engines are shared with other test runs, so every list is cut down to the fixture and the
// images/containers this script made (other clients' entries are left out, each entry kept as
// the engine sent it); /system/df likewise (its LayersSize stays the engine's own total), and
// /events keeps the events about the tagged image. /info's host name is replaced. The docker
// CLI only ever talks to the private test engines (`-H HOST` on every call, its own
// DOCKER_CONFIG).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHostUrl } from '../../src/domain/connection/endpoint.js';
import { refPath } from '../../src/engine/engine.js';
import { buildPath } from '../../src/engine/transport/http.js';
import { setting } from './engine.js';

const RECORD_LABEL = 'imgsh.test=fake-engine-record';
const FIXTURE = process.env.IMGSH_TEST_FIXTURE || 'imgsh-fixture/busybox:latest';
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/engine');

const ENGINES = [
  { name: 'docker-20', hostVar: 'IMGSH_TEST_DOCKER_HOST' },
  { name: 'docker-28-containerd', hostVar: 'IMGSH_TEST_MODERN_HOST' },
  { name: 'podman', hostVar: 'IMGSH_TEST_PODMAN_HOST' },
] as const;

/** The requests createEngine sends for the events stream, bar `since`. */
const EVENT_FILTERS = { type: ['image', 'container'] };
const UNKNOWN_REF = 'imgsh-fake/missing:none';

interface Answer {
  status: number;
  body: string;
}

interface ApiImageLike {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  Labels?: Record<string, string> | null;
}

// --- talking to one engine -------------------------------------------------------------------

function socketOf(host: string): string {
  const ep = parseHostUrl(host, { from: 'flag' });
  if (ep.kind !== 'unix') throw new Error(`${host}: the recorder talks to unix sockets only`);
  return ep.path;
}

function get(socketPath: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path, method: 'GET', timeout: 60_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

async function getJson<T>(socketPath: string, path: string): Promise<T> {
  const a = await get(socketPath, path);
  if (a.status !== 200) throw new Error(`GET ${path}: HTTP ${a.status} ${a.body.trim()}`);
  return JSON.parse(a.body) as T;
}

/** Reads /events lines until `done` says so (or `ms` pass), while `act` runs. */
async function recordEvents(socketPath: string, path: string, act: () => Promise<void>, done: (seen: unknown[]) => boolean, ms = 10_000) {
  const seen: unknown[] = [];
  let finish = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  const req = http.request({ socketPath, path, method: 'GET' }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      finish();
      return;
    }
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) seen.push(JSON.parse(line));
      if (done(seen)) finish();
    });
    res.on('close', finish);
  });
  req.on('error', finish);
  req.end();
  await act();
  const timer = setTimeout(finish, ms);
  await finished;
  clearTimeout(timer);
  req.destroy();
  return seen;
}

function docker(host: string, config: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: config, DOCKER_BUILDKIT: '0' };
    for (const k of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[k];
    const child = spawn('docker', ['-H', host, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`docker -H ${host} ${args.join(' ')}: exit ${code}: ${err.trim()}`)),
    );
    child.stdin.end(input ?? '');
  });
}

// --- one engine ------------------------------------------------------------------------------

const labelled = (i: { Labels?: Record<string, string> | null }) => i.Labels?.['imgsh.test'] === 'fake-engine-record';

async function ours(sock: string): Promise<{ images: ApiImageLike[]; containers: { Id: string }[] }> {
  const filters = { label: [RECORD_LABEL] };
  const images = (await getJson<ApiImageLike[] | null>(sock, buildPath('/images/json', { all: 1, filters }))) ?? [];
  const containers = (await getJson<{ Id: string }[] | null>(sock, buildPath('/containers/json', { all: 1, filters }))) ?? [];
  return { images, containers };
}

/** Removes the labelled containers and images (only those), children first. */
async function removeOurs(host: string, config: string): Promise<void> {
  const sock = socketOf(host);
  const { containers } = await ours(sock);
  if (containers.length) await docker(host, config, ['rm', '-f', ...containers.map((c) => c.Id)]);
  for (let pass = 0; pass < 5; pass++) {
    const { images } = await ours(sock);
    if (!images.length) return;
    // leaves first: an image no other labelled image names as parent
    const parents = new Set(images.map((i) => bare(i.ParentId)));
    const leaves = images.filter((i) => !parents.has(bare(i.Id)));
    for (const i of leaves.length ? leaves : images) await docker(host, config, ['rmi', '-f', i.Id]).catch(() => {});
  }
  const left = await ours(sock);
  if (left.images.length || left.containers.length)
    throw new Error(`${host}: could not remove ${[...left.images, ...left.containers].map((x) => x.Id).join(', ')}`);
}

/** Podman leaves `sha256:` off some ids (ParentId, /system/df): compare ids without it. */
const bare = (id: string | undefined) => (id ?? '').replace(/^sha256:/, '');

function fileFor(id: string): string {
  return bare(id).slice(0, 12);
}

async function recordOne(name: string, host: string): Promise<void> {
  const sock = socketOf(host);
  const config = mkdtempSync(join(tmpdir(), 'imgsh-record-config-'));
  const dir = join(OUT, name);
  const run = (args: string[], input?: string) => docker(host, config, args, input);
  console.log(`${name}: ${host}`);
  try {
    await removeOurs(host, config); // a run that died half-way
    const fixture = await getJson<ApiImageLike>(sock, `/images/${refPath(FIXTURE)}/json`);

    // What the recording shows: the fixture, an image tagged twice, one built FROM it with two
    // layers (whose parent is the first one on engines that keep parents), and a dangling one.
    const label = `LABEL ${RECORD_LABEL} org.opencontainers.image.title=imgsh-fake`;
    await run(['build', '-q', '--rm', '-t', 'imgsh-fake/app:1.0', '-'], `FROM ${FIXTURE}\n${label}\n`);
    await run(['tag', 'imgsh-fake/app:1.0', 'localhost:5000/imgsh-fake/app:latest']);
    await run(
      ['build', '-q', '--rm', '-t', 'imgsh-fake/layers:2', '-'],
      [
        `FROM ${FIXTURE}`,
        label,
        'ENV GREETING=hello',
        'WORKDIR /app',
        'RUN echo one > one.txt',
        'RUN echo two > two.txt && mkdir -p data',
        'EXPOSE 8080/tcp',
        'CMD ["cat", "one.txt"]',
        '',
      ].join('\n'),
    );
    await run(['build', '-q', '--rm', '-'], `FROM ${FIXTURE}\n${label}\nRUN echo dangling > /dangling.txt\n`);
    await run(['create', '--label', RECORD_LABEL, '--name', `imgsh-fake-record-${process.pid}`, 'imgsh-fake/layers:2']);

    const mine = await ours(sock);
    const scope = new Set([fixture.Id, ...mine.images.map((i) => i.Id)].map(bare));
    const app = await getJson<ApiImageLike>(sock, `/images/${refPath('imgsh-fake/app:1.0')}/json`);

    // Events: tag and untag the app image while following /events as createEngine does.
    const eventsPath = buildPath('/events', { since: (Date.now() / 1000).toFixed(3), filters: EVENT_FILTERS });
    const eventTag = 'imgsh-fake/app:event';
    const isUntag = (e: unknown) => /untag/i.test(String((e as { Action?: string; status?: string }).Action ?? (e as { status?: string }).status));
    const rawEvents = await recordEvents(
      sock,
      eventsPath,
      async () => {
        await run(['tag', 'imgsh-fake/app:1.0', eventTag]);
        await run(['rmi', eventTag]);
      },
      (seen) => seen.some((e) => isUntag(e) && aboutApp(e)),
    );
    function aboutApp(e: unknown): boolean {
      const ev = e as { id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
      const id = ev.Actor?.ID ?? ev.id ?? '';
      return bare(id) === bare(app.Id) || /imgsh-fake\/app/.test(ev.Actor?.Attributes?.name ?? '');
    }
    const events = rawEvents.filter(aboutApp);
    if (!events.some(isUntag)) throw new Error(`${name}: no untag event recorded (saw ${JSON.stringify(rawEvents)})`);

    // The answers, keyed by the path createEngine sends.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'images'), { recursive: true });
    const requests: Record<string, { status: number; file: string; sent?: string; stream?: true }> = {};
    const save = (key: string, file: string, status: number, json: unknown, extra: { sent?: string; stream?: true } = {}) => {
      writeFileSync(join(dir, file), JSON.stringify(json, null, 2) + '\n');
      requests[`GET ${key}`] = { status, file, ...extra };
    };
    const raw = async (path: string) => {
      const a = await get(sock, path);
      return { status: a.status, json: JSON.parse(a.body) as unknown };
    };
    const inScope = (list: unknown) => ((list as ApiImageLike[] | null) ?? []).filter((i) => scope.has(bare(i.Id)));
    const left: Record<string, number> = {};
    const trimmed = (key: string, list: unknown, keep: (l: unknown) => unknown[]) => {
      const kept = keep(list);
      const dropped = ((list as unknown[] | null) ?? []).length - kept.length;
      if (dropped > 0) left[key] = dropped;
      return list === null ? null : kept;
    };

    const version = await raw('/version');
    save('/version', 'version.json', version.status, version.json);

    // /info (capabilities read its DriverStatus): the host's name, and proxies if any, are the
    // only things in these answers that say which machine this was
    const info = await raw('/info');
    const infoOut = { ...(info.json as Record<string, unknown>) };
    const normalised: string[] = [];
    if (typeof infoOut.Name === 'string') {
      infoOut.Name = 'imgsh-test-host';
      normalised.push('/info Name (the host name)');
    }
    for (const k of ['HttpProxy', 'HttpsProxy', 'NoProxy'])
      if (infoOut[k]) {
        infoOut[k] = '<redacted>';
        normalised.push(`/info ${k}`);
      }
    save('/info', 'info.json', info.status, infoOut);

    const lists = [
      ['/images/json', undefined, 'images.json'],
      ['/images/json', { all: 1 }, 'images-all.json'],
      ['/images/json', { filters: { dangling: ['true'] } }, 'images-dangling.json'],
    ] as const;
    let all: ApiImageLike[] = [];
    for (const [path, query, file] of lists) {
      const key = buildPath(path, query);
      const a = await raw(key);
      const kept = trimmed(key, a.json, inScope);
      if (file === 'images-all.json') all = (kept as ApiImageLike[] | null) ?? [];
      save(key, file, a.status, kept);
    }

    const ourContainers = new Set(mine.containers.map((c) => c.Id));
    const containersKey = buildPath('/containers/json', { all: 1 });
    const containers = await raw(containersKey);
    const keepContainers = (l: unknown) => ((l as { Id: string }[] | null) ?? []).filter((c) => ourContainers.has(c.Id));
    save(containersKey, 'containers-all.json', containers.status, trimmed(containersKey, containers.json, keepContainers));

    const df = await raw('/system/df');
    const d = df.json as Record<string, unknown>;
    const dfOut: Record<string, unknown> = { ...d };
    dfOut.Images = trimmed('/system/df Images', d.Images, inScope);
    dfOut.Containers = trimmed('/system/df Containers', d.Containers, keepContainers);
    // volumes and build cache belong to nobody in particular here: other clients' only
    for (const k of ['Volumes', 'BuildCache'] as const) if (Array.isArray(d[k])) dfOut[k] = trimmed(`/system/df ${k}`, d[k], () => []);
    save('/system/df', 'system-df.json', df.status, dfOut);

    for (const image of all) {
      const base = `images/${fileFor(image.Id)}`;
      for (const [what, file] of [['json', `${base}.json`], ['history', `${base}.history.json`]] as const) {
        const key = `/images/${refPath(image.Id)}/${what}`;
        const a = await raw(key);
        if (a.status !== 200) throw new Error(`${name}: GET ${key}: HTTP ${a.status}`);
        save(key, file, a.status, a.json);
      }
    }
    for (const what of ['json', 'history']) {
      const key = `/images/${refPath(UNKNOWN_REF)}/${what}`;
      const a = await raw(key);
      save(key, `missing.${what === 'json' ? 'inspect' : 'history'}.json`, a.status, a.json);
    }
    save('/events', 'events.json', 200, events, { sent: eventsPath, stream: true });

    const tagsOf = (id: string) => all.find((i) => i.Id === id)?.RepoTags?.filter((t) => t !== '<none>:<none>') ?? [];
    const layers = await getJson<ApiImageLike>(sock, `/images/${refPath('imgsh-fake/layers:2')}/json`);
    const tops = all.filter((i) => labelled(i) && !(i.RepoTags ?? []).some((t) => t !== '<none>:<none>'));
    const dangling = tops.filter((i) => !all.some((j) => bare(j.ParentId) === bare(i.Id)));
    const index = {
      engine: name,
      recordedAt: new Date().toISOString(),
      recordedBy: 'test/support/record-engine.ts',
      note:
        'Answers of a shared test engine: lists keep only the fixture and what the recorder made (each entry as sent; ' +
        '`leftOut` counts the other clients\' entries dropped); /system/df LayersSize is the engine\'s own total. ' +
        '/events keeps the events about the tagged image. /info counts are the engine\'s own. Request keys are the paths createEngine sends.',
      leftOut: left,
      normalised,
      made: {
        fixture: { ref: FIXTURE, id: fixture.Id, tags: tagsOf(fixture.Id) },
        app: { id: app.Id, tags: tagsOf(app.Id) },
        layers: { id: layers.Id, tags: tagsOf(layers.Id) },
        dangling: dangling.map((i) => i.Id),
        containers: [...ourContainers],
        eventTag,
        unknownRef: UNKNOWN_REF,
      },
      requests,
    };
    writeFileSync(join(dir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
    console.log(`${name}: ${Object.keys(requests).length} answers, ${all.length} images, ${events.length} events → ${dir}`);
  } finally {
    await removeOurs(host, config).catch((e) => console.error(`${name}: cleanup: ${(e as Error).message}`));
    rmSync(config, { recursive: true, force: true });
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !ENGINES.some((e) => e.name === w));
  if (unknown.length) throw new Error(`unknown engine(s) ${unknown.join(', ')}: use ${ENGINES.map((e) => e.name).join(', ')}`);
  let failed = false;
  for (const e of ENGINES) {
    if (wanted.length && !wanted.includes(e.name)) continue;
    const host = setting(e.hostVar);
    if (!host) {
      console.error(`${e.name}: ${e.hostVar} is not set (source /var/tmp/imgsh-test/env): skipped`);
      failed = true;
      continue;
    }
    try {
      await recordOne(e.name, host);
    } catch (err) {
      console.error(`${e.name}: ${(err as Error).message}`);
      failed = true;
    }
  }
  if (failed) process.exitCode = 1;
}

await main();
