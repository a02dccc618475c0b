import './force-color.js';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import dark from '../../themes/dark.json' with { type: 'json' };
import type { ImageRow } from '../../src/domain/images/image.js';
import type { ApiImage } from '../../src/engine/api/convert.js';
import { startEngineSync } from '../../src/store/effects.js';
import { createFakeEngine, type FakeEngine } from '../support/fake-engine.js';
import { defineCommand, type CommandDecl } from '../../src/shell/command.js';
import { DEFAULT_KEYMAP, jobRunningText } from '../../src/shell/keymap.js';
import type { AppServices, CompletionResult } from '../../src/shell/services.js';
import { parseTheme } from '../../src/shell/theme.js';
import { createJobRunner, type JobContext } from '../../src/store/jobs.js';
import { initialState, type AppState } from '../../src/store/state.js';
import { createStore } from '../../src/store/store.js';
import { App } from '../../src/ui/app.js';

const NOW = Math.floor(Date.now() / 1000);
let seq = 0;

export function row(ref: string, over: Partial<ImageRow> = {}): ImageRow {
  seq++;
  const id = `sha256:${seq.toString(16).padStart(4, '0')}${'ab'.repeat(30)}`;
  const colon = ref.lastIndexOf(':');
  const repository = colon > 0 ? ref.slice(0, colon) : ref;
  const tag = colon > 0 ? ref.slice(colon + 1) : 'latest';
  return {
    key: `${id}|${ref}`,
    id,
    shortId: id.slice(7, 19),
    repository,
    tag,
    ref: `${repository}:${tag}`,
    created: NOW - seq * 3600,
    size: 1_000_000 * seq,
    containers: 0,
    labels: {},
    dangling: false,
    ...over,
  };
}

export function sampleRows(): ImageRow[] {
  return [
    row('busybox:latest', { containers: 2 }),
    row('alpine:3.19'),
    row('nginx:1.25'),
    row('my/busybox-tools:1.0'),
    row('busybox:1.36'),
    row('postgres:16'),
  ];
}

const commands: CommandDecl[] = [
  defineCommand({
    name: 'images',
    aliases: ['ls'],
    summary: 'List images',
    args: [],
    options: [],
    run: async () => {},
  }),
  defineCommand({
    name: 'inspect',
    summary: 'Show the full inspect JSON of an image',
    args: [{ name: 'IMAGE', required: true, complete: 'image', description: 'An image' }],
    options: [],
    run: async () => {},
  }),
];

export interface Calls {
  runLine: string[];
  complete: string[];
  openDetails: string[];
  refresh: number;
  quit: number;
  cancelJob: number;
  answers: boolean[];
}

/** A stand-in command run as a job by the real job runner: its result is shown as a message. */
export type FakeCommand = (ctx: JobContext, args: string[]) => Promise<string | void>;

export function fakeServices(
  state: Partial<AppState> = {},
  complete?: (line: string) => CompletionResult,
  jobs: Record<string, FakeCommand> = {},
) {
  const base = initialState('unix:///var/run/docker.sock', 'dark', { columns: 100, rows: 30 });
  const samples = sampleRows();
  const store = createStore({
    ...base,
    connection: { ...base.connection, status: 'connected', version: { version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' } },
    rows: samples,
    loaded: true,
    disk: { imageCount: 6, totalSize: 21_000_000, reclaimable: 5_000_000, rows: [], items: { images: [], containers: [], volumes: [], buildCache: [] } },
    ...state,
  });
  const calls: Calls = { runLine: [], complete: [], openDetails: [], refresh: 0, quit: 0, cancelJob: 0, answers: [] };
  const theme = parseTheme(dark, 'dark');
  const runner = createJobRunner(store, { progressMs: 0 });
  const message = (kind: 'info' | 'error', text: string) => store.dispatch({ type: 'message/set', message: { kind, text } });
  const services: AppServices = {
    store,
    keymap: DEFAULT_KEYMAP,
    commands,
    theme: () => theme,
    async runLine(line) {
      calls.runLine.push(line);
      const [name, ...args] = line.split(/\s+/);
      const command = jobs[name];
      if (!command) return true;
      const job = runner.run(line, (ctx) => command(ctx, args));
      if (!job) {
        message('error', jobRunningText(DEFAULT_KEYMAP));
        return false;
      }
      try {
        const { value, declined } = await job;
        if (value) message('info', value);
        return !declined;
      } catch (e) {
        message('error', (e as Error).message);
        return false;
      }
    },
    cancelJob() {
      calls.cancelJob++;
      runner.cancel();
    },
    answer(yes) {
      calls.answers.push(yes);
      runner.answer(yes);
    },
    complete(line) {
      calls.complete.push(line);
      return complete ? complete(line) : { candidates: [], line };
    },
    refresh() {
      calls.refresh++;
    },
    openDetails(ref) {
      calls.openDetails.push(ref);
      store.dispatch({ type: 'details/open', ref });
    },
    quit() {
      calls.quit++;
      store.dispatch({ type: 'quit' });
    },
  };
  return { services, store, calls, samples };
}

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  escape: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  enter: '\r',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  backspace: '\x7f',
  ctrlC: '\x03',
};

/**
 * A fixed pause. Not for waiting on the app (use `until`, `untilState`, `settle` or `press`):
 * only for code that is itself the subject of a test (a fake command that takes a while).
 */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The real timers, taken before a test can fake them (node:test mock.timers): waits keep working.
const { setImmediate: realSetImmediate, setTimeout: realSetTimeout } = globalThis;

/** One turn of the event loop: runs after the immediates already queued (Ink's, React's, the key router's). */
const turn = () => new Promise<void>((r) => realSetImmediate(r));

/** How long `until` waits by default before it fails. */
export const UNTIL_MS = 2000;

type Frames = { frames: string[]; lastFrame(): string | undefined };
/** The rendered apps by their stdin, so `press` can tell whether a key made a frame. */
const mounted = new WeakMap<object, Frames>();
/** The last app rendered: its frame goes into the message when a wait times out. */
let lastMounted: Frames | null = null;
const lastText = () => (lastMounted ? stripAnsi(lastMounted.lastFrame() ?? '(no frame)') : '(nothing rendered)');

export interface UntilOptions {
  /** What is awaited, for the failure message (default: the condition's source). */
  what?: string;
  /** Fail after this many ms (default UNTIL_MS). */
  timeoutMs?: number;
  /** The frame to show when it fails (default: the last app rendered). */
  frame?: () => string;
}

/**
 * Waits until `cond()` is truthy, checking it again after every turn of the event loop (after
 * the first hundred turns, every 2 ms). Fails after `timeoutMs` with the last frame.
 */
export async function until(cond: () => unknown, opts: UntilOptions | string = {}): Promise<void> {
  const { what, timeoutMs = UNTIL_MS, frame = lastText } = typeof opts === 'string' ? { what: opts } : opts;
  const end = performance.now() + timeoutMs;
  for (let i = 0; ; i++) {
    if (cond()) return;
    if (performance.now() > end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what ?? cond.toString()}\n--- last frame ---\n${frame()}\n---`);
    }
    await (i < 100 ? turn() : new Promise((r) => realSetTimeout(r, 2)));
  }
}

/** Waits until the store's state satisfies `pred`. */
export async function untilState<S>(store: { getState(): S }, pred: (s: S) => unknown, opts: UntilOptions | string = {}): Promise<void> {
  const o = typeof opts === 'string' ? { what: opts } : opts;
  await until(() => pred(store.getState()), { what: pred.toString(), ...o });
}

type KeyInput = { write(data: string): void; listenerCount?(event: string): number };

/**
 * Waits until Ink reads keys: a key written while no 'readable' listener is attached (before
 * Ink's input effect ran, or after the app unmounted) is lost.
 */
export async function listening(stdin: KeyInput): Promise<void> {
  if (!stdin.listenerCount || stdin.listenerCount('readable') > 0) return;
  await until(() => stdin.listenerCount!('readable') > 0, 'Ink to listen for keys (is the app still mounted?)');
}

/** Turns of the event loop without a new frame after which the app counts as idle. */
const QUIET_TURNS = 3;
/** A render loop (frames that never stop) fails `settle` after this long. */
const SETTLE_MS = 10_000;

/**
 * Waits until the app has done what a key (or a dispatch) set off: its renders, React's effects
 * after them, and the key router's next turn (where it delivers a key queued behind a render).
 * Each of those runs synchronously or on setImmediate, so the app is idle once QUIET_TURNS turns
 * of the event loop pass without a frame. Work behind a timer or real I/O is not waited for:
 * wait for its outcome with `until`. For a tree rendered without `mount` (frames unknown) it
 * waits QUIET_TURNS turns, enough for one key.
 */
export async function settle(stdin?: KeyInput): Promise<void> {
  const ui = stdin ? mounted.get(stdin) : undefined;
  const frames = () => ui?.frames.length ?? 0;
  const end = performance.now() + SETTLE_MS;
  let seen = frames();
  for (let quiet = 0; quiet < QUIET_TURNS; ) {
    await turn();
    const n = frames();
    if (n === seen) quiet++;
    else [seen, quiet] = [n, 0];
    if (performance.now() > end) throw new Error(`the app did not settle in ${SETTLE_MS} ms (frames keep coming)\n--- last frame ---\n${lastText()}\n---`);
  }
}

/**
 * Presses keys one at a time, as a person does: each is written once Ink reads keys, and the
 * next only when the app has settled after it. Ink holds a lone Esc until a setImmediate (it
 * may start a sequence): a key written before that joins it as Alt+key and both are lost. And
 * the key router delivers a key queued behind a render on a later turn. So every assertion
 * after `press` sees the state and the frame the keys left.
 */
export async function press(stdin: KeyInput, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    await listening(stdin);
    stdin.write(k);
    await settle(stdin);
  }
}

export async function type(stdin: KeyInput, text: string): Promise<void> {
  for (const ch of text) await press(stdin, ch);
}

// eslint-disable-next-line no-control-regex
export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Renders the app on fake services and waits until Ink listens for keys and the app is idle. */
export async function renderApp(
  state: Partial<AppState> = {},
  complete?: (line: string) => CompletionResult,
  jobs?: Record<string, FakeCommand>,
) {
  // Unless a test lays out its own rows or connection, the app connects to a fake engine (the
  // recorded Docker 20.10 API, its list set to the sample rows) through the store's real effects.
  const onEngine = !('rows' in state) && !('loaded' in state) && !('connection' in state) && !('disk' in state);
  const fake = fakeServices(onEngine ? { ...state, ...NOT_CONNECTED } : state, complete, jobs);
  const engine = onEngine ? await connectSampleEngine(fake) : null;
  const ui = await mount(<App services={fake.services} />);
  const frame = () => ui.lastFrame() ?? '';
  const text = () => stripAnsi(frame());
  return {
    ...fake,
    engine,
    ui,
    stdin: ui.stdin,
    frame,
    text,
    /** `until`, failing with this app's frame. */
    until: (cond: () => unknown, opts: UntilOptions | string = {}) => until(cond, { frame: text, ...(typeof opts === 'string' ? { what: opts } : opts) }),
    /** Waits until the app is idle after a dispatch or a raw `stdin.write`. */
    settle: () => settle(ui.stdin),
  };
}

/** Renders a tree with ink-testing-library and waits until Ink listens for keys and the app is idle. */
export async function mount(tree: ReactElement) {
  const ui = render(tree);
  mounted.set(ui.stdin, ui);
  lastMounted = ui;
  await listening(ui.stdin);
  await settle(ui.stdin);
  return ui;
}

const NOT_CONNECTED: Partial<AppState> = {
  connection: { status: 'connecting', context: 'default', endpoint: 'unix:///var/run/docker.sock', version: null, error: null },
  rows: [],
  loaded: false,
  disk: null,
};

/** The sample rows as the engine lists them (one entry per image id, its tags together). */
export function apiImagesOf(rows: ImageRow[]): ApiImage[] {
  const byId = new Map<string, ApiImage>();
  for (const r of rows) {
    const image = byId.get(r.id) ?? { Id: r.id, ParentId: '', RepoTags: [], RepoDigests: [], Created: r.created, Size: r.size, Labels: r.labels, Containers: -1 };
    if (r.ref) image.RepoTags!.push(r.ref);
    byId.set(r.id, image);
  }
  return [...byId.values()];
}

/** A fake engine holding the sample rows (and a container for each the row counts), followed by the store's real sync. */
async function connectSampleEngine(fake: ReturnType<typeof fakeServices>): Promise<FakeEngine> {
  const rows = fake.samples;
  const engine = createFakeEngine('docker-20', { replayEvents: false });
  engine.setImages(apiImagesOf(rows));
  engine.setContainers(rows.flatMap((r) => Array.from({ length: r.containers }, (_, i) => ({ Id: `${r.shortId}-c${i}`, ImageID: r.id, State: 'exited' }))));
  const sync = startEngineSync(engine, fake.store, { debounceMs: 1 });
  const refresh = fake.services.refresh;
  fake.services.refresh = () => {
    refresh();
    sync.refresh();
  };
  await untilState(fake.store, (s) => s.loaded && s.disk !== null && s.connection.status === 'connected', { what: 'the fake engine answered' });
  return engine;
}
