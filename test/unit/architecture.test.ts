// The layering the project is built on, checked on the source: imports point one way
// (domain ← engine ← store ← shell ← ui), the UI sees the engine only as its interface,
// dockerode stays behind two engine modules and ink in ui. `terminal` (the process's own
// terminal handle) imports nothing of the project, and every layer may use it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['terminal', 'domain', 'engine', 'store', 'shell', 'ui'] as const;
type Layer = (typeof LAYERS)[number] | 'commands' | 'root';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every module named in import/export-from statements, side-effect imports and dynamic imports, in any quotes. */
export function specifiersIn(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*(['"`])([^'"`\n]+)\1/g)].map((m) => m[2]);
}

function specifiers(file: string): string[] {
  return specifiersIn(readFileSync(file, 'utf8'));
}

function layerOf(file: string): Layer {
  const rel = relative(ROOT, file).split('/');
  if (rel[0] === 'commands') return 'commands';
  const layer = rel[1] as Layer;
  return rel.length > 2 && (LAYERS as readonly string[]).includes(layer) ? layer : 'root';
}

/** What each layer may import from the project besides itself (a layer may always import itself). */
const ALLOWED: Record<Layer, Layer[]> = {
  terminal: [],
  domain: [],
  engine: ['terminal', 'domain'],
  store: ['terminal', 'domain', 'engine'],
  shell: ['terminal', 'domain', 'engine', 'store'],
  commands: ['terminal', 'domain', 'engine', 'store', 'shell', 'root'],
  // the engine only as its interface (engine/types.ts, types only): see below
  ui: ['terminal', 'domain', 'store', 'shell', 'root'],
  root: ['terminal', 'domain', 'engine', 'store', 'shell', 'ui', 'commands'],
};

/** The one engine module the UI may name: the Engine interface, and only in `import type`. */
const ENGINE_INTERFACE = join(ROOT, 'src/engine/types.ts');

/** `import type …` / `export type …` lines naming `spec`: erased at compile time, no code loaded. */
function typeOnly(text: string, spec: string): boolean {
  const lines = text.split('\n').filter((l) => l.includes(`'${spec}'`) || l.includes(`"${spec}"`));
  return lines.length > 0 && lines.every((l) => /^\s*(import|export)\s+type\b/.test(l));
}

/** The layering violations in `files` (paths under ROOT), as lines. */
export function layeringViolations(files: { path: string; text: string }[]): string[] {
  const wrong: string[] = [];
  for (const { path: file, text } of files) {
    const from = layerOf(file);
    // .json files (themes/) are data any layer may read
    for (const spec of specifiersIn(text).filter((s) => s.startsWith('.') && !s.endsWith('.json'))) {
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      const to = layerOf(target);
      if (to === from || ALLOWED[from].includes(to)) continue;
      if (from === 'ui' && to === 'engine' && target === ENGINE_INTERFACE && typeOnly(text, spec)) continue;
      wrong.push(`${relative(ROOT, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  return wrong;
}

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'commands'))];

test('project imports point one way: domain ← engine ← store ← shell ← ui', () => {
  assert.deepEqual(layeringViolations(files.map((path) => ({ path, text: readFileSync(path, 'utf8') }))), []);
});

test('the UI never imports the engine: only its interface, as types', () => {
  const ui = (name: string, text: string) => ({ path: join(ROOT, 'src/ui', name), text });
  assert.deepEqual(layeringViolations([ui('a.ts', `import type { Engine } from '../engine/types.js';`)]), []);
  assert.deepEqual(layeringViolations([ui('b.ts', `import { createEngine } from '../engine/engine.js';`)]), ['src/ui/b.ts (ui) imports ../engine/engine.js (engine)']);
  assert.deepEqual(layeringViolations([ui('c.ts', `import { x } from '../engine/types.js';`)]), ['src/ui/c.ts (ui) imports ../engine/types.js (engine)']);
  assert.deepEqual(layeringViolations([ui('d/e.tsx', `const m = await import("../../engine/debug-shell.js");`)]), ['src/ui/d/e.tsx (ui) imports ../../engine/debug-shell.js (engine)']);
});

test('dockerode is reached through two modules at most: its loader, and BuildKit (its session)', () => {
  const users = files
    .filter((f) => specifiers(f).some((s) => s === 'dockerode' || s.startsWith('dockerode/') || /\/dockerode\.js$/.test(s)))
    .map((f) => relative(ROOT, f));
  assert.ok(users.length <= 2 && users.every((f) => f.startsWith('src/engine/')), `dockerode reached from: ${users.join(', ')}`);
});

test('only engine imports dockerode and docker-modem; only ui imports ink and react', () => {
  const wrong: string[] = [];
  const owner: Record<string, Layer> = { dockerode: 'engine', 'docker-modem': 'engine', ink: 'ui', react: 'ui' };
  for (const file of files) {
    for (const spec of specifiers(file)) {
      const pkg = spec.split('/')[0];
      if (owner[pkg] && owner[pkg] !== layerOf(file)) wrong.push(`${relative(ROOT, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('domain is pure: no Node I/O modules', () => {
  const io = /^node:(fs|net|http|https|child_process|worker_threads|os|tty|readline)/;
  const wrong = files
    .filter((f) => layerOf(f) === 'domain')
    .flatMap((f) => specifiers(f).filter((s) => io.test(s)).map((s) => `${relative(ROOT, f)} imports ${s}`));
  assert.deepEqual(wrong, []);
});

test('the import scanner sees every form: quotes of each kind, export-from, side effects, import()', () => {
  const text = [
    `import a from './a.js';`,
    `import { b } from "./b.js";`,
    `export * from './c.js';`,
    `import './d.js';`,
    `const e = await import('./e.js');`,
    'const f = await import(`./f.js`);',
    `const g = await import( "./g.js" );`,
  ].join('\n');
  assert.deepEqual(specifiersIn(text), ['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js']);
});

/**
 * One store (issue #16): the app's state lives in src/store and changes only by actions through
 * its reducer. Outside src/store (every module of src/ and commands/), with comments left out:
 *  - `reducer`: no reducer is named (`reducer(…)`, `buildReducer`, an import of store/reducer.js):
 *    nothing applies actions to state itself;
 *  - `subscribe`: nothing defines a `subscribe` member (`subscribe(l) {…}`, `subscribe: …`), which
 *    a store of its own needs so views follow it (the old BuildSink); calling `store.subscribe(…)`
 *    is reading, and allowed;
 *  - `update({`: no generic setter is called with a change object (`sink.update({ logTop })`),
 *    and no `Partial<…State>` / `Partial<…View>` change is typed;
 *  - `getState() =`: nothing assigns into the state read from the store;
 *  - `createStore`: only the composition root (src/app-root.ts, the app's half of it) makes the store: there is one.
 * Each pattern matches code only in that role: `createHash().update(name)`, `store.subscribe(() => …)`
 * and `store.getState().x === y` are not matched (the self-test below pins this).
 */
const STATE_WRITES: [string, RegExp][] = [
  ['reducer', /\b(?:reducer|\w+Reducer)\b|store\/reducer\.js/],
  ['subscribe', /\bsubscribe\s*(?::|\([^()]*\)\s*\{)/],
  ['update({', /\.update\(\s*\{/],
  ['Partial<State>', /\bPartial<\s*\w*(?:State|View)\s*>/],
  ['getState() =', /getState\(\)(?:\??\.\w+|\[[^\]]*\])*\s*(?:[-+*/]?=(?!=)|\+\+|--)/],
  ['createStore', /\bcreateStore\s*\(/],
];

/** The code of a module without its comments (a `//` after `:` or a quote is kept: `unix:///…`). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Which of the rules a module's text breaks. */
export function stateWritesIn(text: string, file = ''): string[] {
  const c = code(text);
  return STATE_WRITES.filter(([name, re]) => re.test(c) && !(name === 'createStore' && file === 'src/app-root.ts')).map(([name]) => name);
}

test('one store: outside src/store nothing writes state but by dispatching actions', () => {
  const wrong: string[] = [];
  for (const file of files) {
    const rel = relative(ROOT, file);
    if (layerOf(file) === 'store') continue;
    for (const rule of stateWritesIn(readFileSync(file, 'utf8'), rel)) wrong.push(`${rel}: ${rule}`);
  }
  assert.deepEqual(wrong, []);
});

test('the one-store scanner catches a mini-store, a setter, a reducer call and a write, and nothing else', () => {
  const bad: Record<string, string> = {
    reducer: `const next = reducer(store.getState(), action);`,
    subscribe: `const noSink = { get: () => EMPTY, update() {}, subscribe: () => () => {} };`,
    'update({': `sink.update({ logTop: 0 });`,
    'Partial<State>': `const set = (change: Partial<DebugView>) => {};`,
    'getState() =': `store.getState().build.selected = 2;`,
    createStore: `const mine = createStore(initialState('x'));`,
  };
  for (const [rule, text] of Object.entries(bad)) assert.deepEqual(stateWritesIn(text), [rule], text);
  assert.deepEqual(stateWritesIn(`export function createBuildSink() { return { subscribe(listener) { return () => {}; } }; }`), ['subscribe']);
  const fine = [
    `return createHash('sha256').update(name).digest('hex');`,
    `unhooks.push(store.subscribe(() => store.getState().quitting && finish(0)));`,
    `return useSyncExternalStore(store.subscribe, snapshot, snapshot);`,
    `if (store.getState().build.line === line) store.dispatch({ type: 'build/cleared' });`,
    `const endpoint = 'unix:///var/run/docker.sock'; // the reducer is not named in code`,
    `/* sink.update({ logTop }) was the old way */ store.dispatch({ type: 'build/log-scroll', top: 0 });`,
    `const OPS: Partial<Record<KeyAction, EditOp>> = {};`,
  ];
  for (const text of fine) assert.deepEqual(stateWritesIn(text), [], text);
  assert.deepEqual(stateWritesIn(`const store = createStore(initialState(label));`, 'src/app-root.ts'), []);
});
