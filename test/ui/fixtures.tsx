import './force-color.js';
import { render } from 'ink-testing-library';
import dark from '../../themes/dark.json' with { type: 'json' };
import type { ImageRow } from '../../src/domain/image.js';
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
  const store = createStore({
    ...base,
    connection: { ...base.connection, status: 'connected', version: { version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' } },
    rows: sampleRows(),
    loaded: true,
    disk: { imageCount: 6, totalSize: 21_000_000, reclaimable: 5_000_000 },
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
  return { services, store, calls };
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes one key and gives Ink time to handle it (keys written back to back get lost). */
export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await sleep(10);
  }
}

export async function type(stdin: { write(data: string): void }, text: string): Promise<void> {
  for (const ch of text) await press(stdin, ch);
}

// eslint-disable-next-line no-control-regex
export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Renders the app on fake services and waits until Ink listens for keys. */
export async function renderApp(
  state: Partial<AppState> = {},
  complete?: (line: string) => CompletionResult,
  jobs?: Record<string, FakeCommand>,
) {
  const fake = fakeServices(state, complete, jobs);
  const ui = render(<App services={fake.services} />);
  await sleep(30);
  const frame = () => ui.lastFrame() ?? '';
  const text = () => stripAnsi(frame());
  return { ...fake, ui, stdin: ui.stdin, frame, text };
}
