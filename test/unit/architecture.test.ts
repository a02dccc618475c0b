// The layering the project is built on, checked on the source: imports point one way
// (domain ← engine ← store ← shell ← ui), dockerode stays in engine and ink in ui.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['domain', 'engine', 'store', 'shell', 'ui'] as const;
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
  domain: [],
  engine: ['domain'],
  store: ['domain', 'engine'],
  shell: ['domain', 'engine', 'store'],
  commands: ['domain', 'engine', 'store', 'shell', 'root'],
  ui: ['domain', 'engine', 'store', 'shell', 'root'],
  root: ['domain', 'engine', 'store', 'shell', 'ui', 'commands'],
};

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'commands'))];

test('project imports point one way: domain ← engine ← store ← shell ← ui', () => {
  const wrong: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    // .json files (themes/) are data any layer may read
    for (const spec of specifiers(file).filter((s) => s.startsWith('.') && !s.endsWith('.json'))) {
      const to = layerOf(resolve(dirname(file), spec));
      if (to !== from && !ALLOWED[from].includes(to)) wrong.push(`${relative(ROOT, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  assert.deepEqual(wrong, []);
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
