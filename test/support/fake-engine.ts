// A fake engine answering from recorded Engine API answers (test/fixtures/engine/<name>/,
// made by test/support/record-engine.ts against Docker 20.10, Docker 28.5 with the containerd
// image store, and Podman), so store and UI tests run in milliseconds without a daemon.
//
// Two ways to use it, over one recorded API (`FakeApi`: request path → JSON answer, plus an
// events feed):
// - `createFakeEngine(name)`: no I/O at all. A fake HttpClient answers the paths createEngine
//   sends, and `engineOverHttp` turns them into an Engine the way createEngine does: the same
//   converters (convert.ts), refPath, ImageNotFoundError on a 404, apiError, the channel for
//   events. `engineOverHttp` is the real createEngine given that HttpClient (its `parts` seam).
// - `serveFakeEngine(name)`: the real createEngine (http.ts, transport.ts and all) over an
//   in-process HTTP server on a temporary unix socket serving the same answers.
//
// Both answer the recording as the engine sent it (reads: version, capabilities, images,
// containers, inspect, history, disk usage, events), and a test can change the world: setImages
// (the image list; inspect/history of listed images come from the recording), setContainers,
// emit (an /events line), replay (the recorded events again), setReachable(false) (requests
// fail as on a dead socket, event streams drop). Operations (pull, tag, build …) are not
// recorded: they reject unless the test passes its own in `operations`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHostUrl, type Endpoint } from '../../src/domain/connection/endpoint.js';
import { createChannel } from '../../src/engine/transport/channel.js';
import type { ApiEvent, ApiImage, ApiInspect } from '../../src/engine/api/convert.js';
import { createEngine, refPath } from '../../src/engine/engine.js';
import { apiError, EngineApiError, EngineUnreachableError } from '../../src/engine/transport/errors.js';
import { buildPath, type HttpClient, type Query } from '../../src/engine/transport/http.js';
import type { Cancellable, Engine } from '../../src/engine/types.js';

export const RECORDED_ENGINES = ['docker-20', 'docker-28-containerd', 'podman'] as const;
export type RecordedEngineName = (typeof RECORDED_ENGINES)[number];

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/engine');

// --- the recording ---------------------------------------------------------------------------

export interface RecordedRequest {
  status: number;
  /** File under the engine's folder holding the JSON answer. */
  file: string;
  /** For /events: the path as sent (with its `since`). */
  sent?: string;
  /** A stream of JSON lines (the file holds them as an array). */
  stream?: true;
}

export interface RecordingIndex {
  engine: RecordedEngineName;
  recordedAt: string;
  note: string;
  leftOut: Record<string, number>;
  /** What was changed from the engine's words (the host name in /info). */
  normalised: string[];
  /** What the recorder made, for tests to name things by. */
  made: {
    fixture: { ref: string; id: string; tags: string[] };
    /** The fixture plus labels, tagged twice. */
    app: { id: string; tags: string[] };
    /** Built FROM the fixture: ENV, WORKDIR, two RUN layers, EXPOSE, CMD; one stopped container uses it. */
    layers: { id: string; tags: string[] };
    dangling: string[];
    containers: string[];
    /** The tag added and removed while /events was recorded. */
    eventTag: string;
    /** A ref whose inspect and history were recorded as the engine's 404. */
    unknownRef: string;
  };
  /** `GET <path as createEngine sends it>` → the answer. */
  requests: Record<string, RecordedRequest>;
}

export interface Recording {
  name: RecordedEngineName;
  dir: string;
  index: RecordingIndex;
  /** The recorded answer to `GET path` (the exact path, query included), a fresh copy; undefined if not recorded. */
  answer(path: string): { status: number; body: unknown } | undefined;
  /** The recorded /events lines, a fresh copy. */
  events(): ApiEvent[];
}

const indexes = new Map<RecordedEngineName, RecordingIndex>();
const files = new Map<string, string>();

function readText(path: string): string {
  let text = files.get(path);
  if (text === undefined) files.set(path, (text = readFileSync(path, 'utf8')));
  return text;
}

export function loadRecording(name: RecordedEngineName): Recording {
  if (!RECORDED_ENGINES.includes(name)) throw new Error(`no recording named ${name}: use ${RECORDED_ENGINES.join(', ')}`);
  const dir = join(FIXTURES, name);
  let index = indexes.get(name);
  if (!index) indexes.set(name, (index = JSON.parse(readText(join(dir, 'index.json'))) as RecordingIndex));
  const idx = index;
  const answer = (path: string) => {
    const r = idx.requests[`GET ${path}`];
    return r && { status: r.status, body: JSON.parse(readText(join(dir, r.file))) as unknown };
  };
  return {
    name,
    dir,
    index: idx,
    answer,
    events: () => (answer('/events')?.body as ApiEvent[] | undefined) ?? [],
  };
}

// --- the recorded API ------------------------------------------------------------------------

/** Podman leaves `sha256:` off some ids (ParentId, /system/df). */
const bare = (id: string | null | undefined) => (id ?? '').replace(/^sha256:/, '');
const NONE_TAG = '<none>:<none>';
const tagsOf = (i: ApiImage) => (i.RepoTags ?? []).filter((t) => t !== NONE_TAG);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** What /images/json (without all) shows of an all=1 list: intermediate images (untagged, with a child) are hidden. */
export function topLevel(all: ApiImage[]): ApiImage[] {
  const parents = new Set(all.map((i) => bare(i.ParentId)).filter(Boolean));
  return all.filter((i) => tagsOf(i).length > 0 || !parents.has(bare(i.Id)));
}

/** The names an engine may have stored `ref` under (Docker keeps short names, Podman qualified ones). */
function refCandidates(ref: string): string[] {
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const full = last.includes(':') || last.includes('@') ? ref : `${ref}:latest`;
  const short = full.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
  const out = new Set([ref, full, short, `docker.io/${short}`, `localhost/${short}`]);
  if (!short.includes('/')) out.add(`docker.io/library/${short}`);
  return [...out];
}

/** The image `ref` names in `images`, as an engine resolves it: an id (or unique id prefix), a tag, or a digest. */
export function resolveRef(ref: string, images: ApiImage[]): ApiImage | undefined {
  if (/^(sha256:)?[0-9a-f]{4,64}$/.test(ref)) {
    const hits = images.filter((i) => bare(i.Id).startsWith(bare(ref)));
    if (hits.length === 1) return hits[0];
  }
  const names = refCandidates(ref);
  return images.find((i) => tagsOf(i).some((t) => names.includes(t)) || (i.RepoDigests ?? []).some((d) => names.includes(d)));
}

type Answer = { status: number; body: unknown };
const fail = (status: number, message: string): Answer => ({ status, body: { message } });

export interface FakeApiOptions {
  /** Replay the recorded /events lines to every new events subscription (default true). */
  replayEvents?: boolean;
}

/** The recorded Engine API as a state a test can change; the transport-free core of both fakes. */
export class FakeApi {
  readonly recording: Recording;
  /** Every request answered, as `GET /images/json?all=1`. */
  readonly requests: string[] = [];
  private all: ApiImage[];
  private top: ApiImage[];
  private containers: { Id: string; ImageID?: string; State?: string }[];
  private readonly recordedById = new Map<string, string>();
  private readonly subscribers = new Set<{ push(e: ApiEvent): void; end(): void }>();
  private reachable = true;
  private readonly replayEvents: boolean;
  /** The list was set by a test: /system/df is worked out from it, not recorded. */
  private listSet = false;

  constructor(name: RecordedEngineName, opts: FakeApiOptions = {}) {
    this.recording = loadRecording(name);
    this.replayEvents = opts.replayEvents ?? true;
    this.all = (this.recorded('/images/json?all=1') as ApiImage[] | null) ?? [];
    this.top = (this.recorded('/images/json') as ApiImage[] | null) ?? [];
    this.containers = (this.recorded(buildPath('/containers/json', { all: 1 })) as typeof this.containers | null) ?? [];
    for (const i of this.all) this.recordedById.set(bare(i.Id), JSON.stringify(i));
  }

  private recorded(path: string): unknown {
    const a = this.recording.answer(path);
    if (!a) throw new Error(`${this.recording.name}: nothing recorded for GET ${path}`);
    return a.body;
  }

  images(): ApiImage[] {
    return clone(this.all);
  }

  /** The image list from now on, as /images/json?all=1 entries; all=0 answers hide intermediate images. */
  setImages(next: ApiImage[] | ((current: ApiImage[]) => ApiImage[])): void {
    this.all = clone(typeof next === 'function' ? next(this.images()) : next);
    this.top = topLevel(this.all);
    this.listSet = true;
  }

  /** /system/df for a list a test set: every image's own bytes, shared with none; containers counted per image. */
  private diskUsage(): unknown {
    const images = this.top.map((i) => ({ ...i, SharedSize: 0, Containers: this.containers.filter((c) => c.ImageID === i.Id).length }));
    return { LayersSize: images.reduce((n, i) => n + (i.Size ?? 0), 0), Images: images, Containers: clone(this.containers), Volumes: [], BuildCache: [] };
  }

  setContainers(next: { Id: string; ImageID?: string; State?: string }[]): void {
    this.containers = clone(next);
  }

  isReachable(): boolean {
    return this.reachable;
  }

  /** Down: requests fail as on a dead socket and event streams end (a dropped link); up: answers again. */
  setReachable(up: boolean): void {
    this.reachable = up;
    if (!up) for (const s of [...this.subscribers]) s.end();
  }

  /** Sends an /events line to every open events stream. */
  emit(event: ApiEvent): void {
    for (const s of this.subscribers) s.push(clone(event));
  }

  /** Sends the recorded /events lines again. */
  replay(): void {
    for (const e of this.recording.events()) this.emit(e);
  }

  /** An events subscription; the recorded lines first (unless replayEvents is off). Returns the unsubscribe. */
  subscribe(push: (e: ApiEvent) => void, end: () => void): () => void {
    const sub = {
      push,
      end: () => {
        this.subscribers.delete(sub);
        end();
      },
    };
    this.subscribers.add(sub);
    if (this.replayEvents) for (const e of this.recording.events()) push(e);
    return () => this.subscribers.delete(sub);
  }

  /** The answer to `GET path` (query included), as the engine would give it now. */
  answer(path: string): Answer {
    this.requests.push(`GET ${path}`);
    const url = new URL(path, 'http://engine');
    const q = url.searchParams;
    const p = decodeURIComponent(url.pathname);
    if (p === '/system/df' && this.listSet) return { status: 200, body: this.diskUsage() };
    if (p === '/version' || p === '/info' || p === '/system/df') return { status: 200, body: this.recorded(p) };
    if (p === '/images/json') return this.listImages(q);
    if (p === '/containers/json') {
      const all = q.get('all') === '1' || q.get('all') === 'true';
      return { status: 200, body: clone(all ? this.containers : this.containers.filter((c) => c.State === 'running')) };
    }
    const m = /^\/images\/(.+)\/(json|history)$/.exec(url.pathname);
    if (m) return this.forImage(decodeURIComponent(m[1]), m[2] as 'json' | 'history');
    return fail(404, 'page not found');
  }

  private listImages(q: URLSearchParams): Answer {
    const all = q.get('all') === '1' || q.get('all') === 'true';
    let list = all ? this.all : this.top;
    const filters = q.get('filters') ? (JSON.parse(q.get('filters')!) as Record<string, string[] | Record<string, boolean>>) : {};
    for (const [key, raw] of Object.entries(filters)) {
      const values = Array.isArray(raw) ? raw : Object.keys(raw).filter((k) => raw[k]);
      if (key === 'dangling') {
        const want = values.includes('true') || values.includes('1');
        const dangling = new Set(topLevel(this.all).filter((i) => tagsOf(i).length === 0).map((i) => i.Id));
        list = list.filter((i) => dangling.has(i.Id) === want);
      } else if (key === 'label') {
        list = list.filter((i) =>
          values.every((v) => {
            const eq = v.indexOf('=');
            const labels = i.Labels ?? {};
            return eq < 0 ? v in labels : labels[v.slice(0, eq)] === v.slice(eq + 1);
          }),
        );
      } else {
        return fail(400, `the fake engine does not implement the "${key}" image filter (test/support/fake-engine.ts)`);
      }
    }
    return { status: 200, body: clone(list) };
  }

  private forImage(ref: string, what: 'json' | 'history'): Answer {
    const image = resolveRef(ref, this.all);
    if (!image) {
      // the engine's own words, from the recorded 404 for an unknown ref
      const { unknownRef } = this.recording.index.made;
      const said = this.recording.answer(`/images/${refPath(unknownRef)}/${what}`);
      const body = said?.body as { message?: string } | undefined;
      return { status: 404, body: { ...body, message: (body?.message ?? `No such image: ${unknownRef}`).split(unknownRef).join(ref) } };
    }
    const recorded = this.recording.answer(`/images/${refPath(image.Id)}/${what}`);
    if (!recorded) return fail(500, `the fake engine has no ${what} recorded for ${image.Id} (an image added by setImages)`);
    // an image retagged by setImages: inspect says what the list says
    if (what === 'json' && this.recordedById.get(bare(image.Id)) !== JSON.stringify(image)) {
      const body = recorded.body as ApiInspect;
      body.RepoTags = tagsOf(image);
      body.RepoDigests = (image.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
    }
    return recorded;
  }
}

// --- operations: not recorded --------------------------------------------------------------------

/** The Engine's reads, which the fakes answer from the recording. */
type ReadName = 'endpoint' | 'version' | 'capabilities' | 'listImages' | 'containerCounts' | 'inspectImage' | 'inspectDocument' | 'history' | 'diskUsage' | 'events' | 'close';
/** Everything else the Engine does (pull, tag, build …): a test passes its own, else they reject. */
export type EngineOperations = Omit<Engine, ReadName>;

export const OPERATIONS = [
  'pull',
  'push',
  'tag',
  'remove',
  'removalState',
  'save',
  'load',
  'prune',
  'build',
  'shell',
  'commit',
  'commitShell',
  'dropShell',
  'login',
  'searchIndex',
] as const satisfies readonly (keyof EngineOperations)[];
// OPERATIONS must name every operation of Engine: when the interface grows, tsc names the new one here
type Unlisted = Exclude<keyof EngineOperations, (typeof OPERATIONS)[number]>;
const everyOperationListed: [Unlisted] extends [never] ? true : { notInOPERATIONS: Unlisted } = true;
void everyOperationListed;

type AnyFn = (...args: unknown[]) => unknown;

/** Operations that reject, saying how to give the fake one. */
export function unsupportedOperations(name: string): EngineOperations {
  const ops: Record<string, AnyFn> = {};
  for (const op of OPERATIONS)
    ops[op] = () =>
      Promise.reject(
        new Error(`the fake engine (${name}, recorded answers) does not ${op}: pass createFakeEngine('${name}', { operations: { ${op}() {…} } }), or test it end to end`),
      );
  return ops as unknown as EngineOperations;
}

// --- no I/O: a fake HttpClient and the Engine over it ------------------------------------------

export interface FakeEngineOptions extends FakeApiOptions {
  /** The engine's endpoint (default unix:///fake/<name>.sock, as if from --host). */
  endpoint?: Endpoint;
  /** Stand-ins for operations (pull, tag, remove …); the others reject (no recording has them). */
  operations?: Partial<EngineOperations>;
  /** Delay before each answer, to see loading states (default 0: the next microtask). */
  latencyMs?: number;
}

/** What a test can do to a fake engine besides using it as an Engine. */
export interface FakeEngineControls {
  readonly name: RecordedEngineName;
  readonly recording: Recording;
  readonly api: FakeApi;
  /** Every request answered, as `GET /images/json?all=1`. */
  readonly requests: string[];
  images(): ApiImage[];
  setImages(next: ApiImage[] | ((current: ApiImage[]) => ApiImage[])): void;
  setContainers(next: { Id: string; ImageID?: string; State?: string }[]): void;
  emit(event: ApiEvent): void;
  replay(): void;
  setReachable(up: boolean): void;
}

export type FakeEngine = Engine & FakeEngineControls;

function messageOf(body: unknown, status: number): string {
  const msg = (body as { message?: unknown } | null)?.message;
  return typeof msg === 'string' && msg ? msg : `the engine answered HTTP ${status}`;
}

/** An HttpClient answering from `api`, failing as createHttpClient does (apiError, EngineUnreachableError). */
export function fakeHttpClient(api: FakeApi, endpoint: Endpoint, latencyMs = 0): HttpClient {
  let shut = false;
  const wait = () => (latencyMs > 0 ? new Promise((r) => setTimeout(r, latencyMs)) : Promise.resolve());
  const unreachable = () => new EngineUnreachableError(endpoint, 'ECONNREFUSED');
  return {
    async getJson<T>(path: string, query?: Query): Promise<T> {
      await wait();
      if (shut) throw new Error(`the connection to ${endpoint.url} was closed`);
      if (!api.isReachable()) throw unreachable();
      const { status, body } = api.answer(buildPath(path, query));
      if (status >= 400) throw apiError(endpoint, status, messageOf(body, status));
      return body as T;
    },
    async getText(path: string, query?: Query): Promise<string> {
      return JSON.stringify(await this.getJson(path, query));
    },
    getLines(path: string, query?: Query): Cancellable<unknown> {
      let unsubscribe = () => {};
      const channel = createChannel<unknown>(() => unsubscribe());
      void wait().then(() => {
        if (shut || !api.isReachable()) return channel.end(shut ? undefined : unreachable());
        const full = buildPath(path, query);
        if (!full.startsWith('/events')) return channel.end(new EngineApiError(404, `the fake engine streams /events only, not ${full}`));
        api.requests.push(`GET ${full}`);
        unsubscribe = api.subscribe(
          (e) => channel.push(e),
          () => channel.end(),
        );
      });
      return channel.stream;
    },
    close() {
      shut = true;
    },
  };
}

/** The real createEngine over a given HttpClient, with `operations` in place of operationsFor(endpoint). */
export function engineOverHttp(endpoint: Endpoint, http: HttpClient, operations: EngineOperations): Engine {
  return createEngine(endpoint, { http, operations });
}

function withControls(engine: Engine, api: FakeApi, overrides: Partial<EngineOperations> = {}, extraClose?: () => void): FakeEngine {
  const operations: Record<string, AnyFn> = {};
  for (const op of OPERATIONS) {
    const fn = (overrides[op] ?? engine[op]) as unknown as AnyFn;
    operations[op] = (...args) => fn(...args);
  }
  return {
    ...(operations as unknown as EngineOperations),
    endpoint: engine.endpoint,
    version: () => engine.version(),
    capabilities: () => engine.capabilities(),
    listImages: (opts) => engine.listImages(opts),
    containerCounts: () => engine.containerCounts(),
    inspectImage: (ref) => engine.inspectImage(ref),
    inspectDocument: (ref) => engine.inspectDocument(ref),
    history: (ref) => engine.history(ref),
    diskUsage: () => engine.diskUsage(),
    events: () => engine.events(),
    close() {
      engine.close();
      extraClose?.();
    },
    name: api.recording.name,
    recording: api.recording,
    api,
    requests: api.requests,
    images: () => api.images(),
    setImages: (next) => api.setImages(next),
    setContainers: (next) => api.setContainers(next),
    emit: (event) => api.emit(event),
    replay: () => api.replay(),
    setReachable: (up) => api.setReachable(up),
  };
}

/** A fake engine answering from the recording of `name`, with no I/O at all. */
export function createFakeEngine(name: RecordedEngineName, opts: FakeEngineOptions = {}): FakeEngine {
  const api = new FakeApi(name, opts);
  const endpoint = opts.endpoint ?? parseHostUrl(`unix:///fake/${name}.sock`, { from: 'flag' });
  const engine = engineOverHttp(endpoint, fakeHttpClient(api, endpoint, opts.latencyMs), unsupportedOperations(name));
  return withControls(engine, api, opts.operations);
}

// --- the real createEngine over an in-process HTTP server --------------------------------------

/**
 * The real createEngine (http.ts, transport.ts, engine.ts) over an in-process HTTP server on a
 * temporary unix socket that answers from the recording. `close()` also stops the server.
 */
export async function serveFakeEngine(
  name: RecordedEngineName,
  opts: FakeApiOptions & { operations?: Partial<EngineOperations> } = {},
): Promise<FakeEngine> {
  const api = new FakeApi(name, opts);
  const dir = mkdtempSync(join(tmpdir(), 'imgsh-fake-'));
  const socket = join(dir, 'docker.sock');
  const server = http.createServer((req, res) => {
    // an engine that went away: the connection drops, as on a dead socket
    if (!api.isReachable()) return req.socket.destroy();
    const path = req.url ?? '/';
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'the fake engine answers GET only' }));
      return;
    }
    if (path === '/events' || path.startsWith('/events?')) {
      api.requests.push(`GET ${path}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      const unsubscribe = api.subscribe(
        (e) => res.write(JSON.stringify(e) + '\n'),
        () => res.destroy(),
      );
      res.on('close', unsubscribe);
      return;
    }
    const { status, body } = api.answer(path);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(socket, () => ok());
  });
  const endpoint = parseHostUrl(`unix://${socket}`, { from: 'flag' });
  // createEngine's own operations reach this server too, which answers GETs only
  return withControls(createEngine(endpoint), api, opts.operations, () => {
    server.close(() => rmSync(dir, { recursive: true, force: true }));
    server.closeAllConnections();
  });
}
