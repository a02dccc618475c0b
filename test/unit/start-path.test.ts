// What a one-shot command loads before it runs: the static imports of dist/cli.js, read from
// esbuild's metafile of the real build. Each heavy part is loaded where it is first needed, so a
// static import that brings one back onto the start path (string-width's Intl.Segmenter cost
// every start ~30 ms) fails here, naming the chain of imports that brought it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, type Metafile } from 'esbuild';
// @ts-expect-error: a plain .mjs module of the build, without types
import { bundleOptions } from '../../scripts/bundle-options.mjs';

/** Packages and built-in modules the start path must not load, and why they are heavy. */
const NOT_AT_START: Record<string, string> = {
  'node_modules/ink/': 'the app only',
  'node_modules/react/': 'the app only',
  'node_modules/zod/': 'config files: read when a command needs them',
  'node_modules/string-width/': 'Intl.Segmenter and an emoji pattern at load, ~30 ms',
  'node_modules/tar-stream/': 'layers, cp and debug shells',
  'node_modules/diff/': 'the fix prompt',
  'node_modules/fuse.js/': 'fuzzy search',
  'node:crypto': '~6 ms to load',
  'node:child_process': 'credential helpers',
  'node:zlib': 'layer archives',
  'node:worker_threads': 'the layer indexer',
  'node:readline': 'stdin scripts and prompts',
};

/** What `entry` loads before it runs (its static imports, and the dynamic ones named in `alsoLoads`): each module with the one that first imported it. */
async function reachedAtStart(entry: string, alsoLoads: string[] = []): Promise<Map<string, string | null>> {
  const options = bundleOptions('0.0.0');
  const result = await build({ ...options, entryPoints: { start: entry }, outdir: 'dist-start-path', write: false, metafile: true, logLevel: 'silent' });
  const inputs = (result.metafile as Metafile).inputs;
  // breadth first over static imports: each reached module keeps the one that first imported it
  const from = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const im of inputs[file]?.imports ?? []) {
      const loaded = im.kind === 'import-statement' || (im.kind === 'dynamic-import' && alsoLoads.includes(im.path));
      if (!loaded || from.has(im.path)) continue;
      from.set(im.path, file);
      if (!im.external) queue.push(im.path);
    }
  }
  return from;
}

/** The path of imports from the entry to `file`. */
function chainTo(from: Map<string, string | null>, file: string): string {
  const path = [];
  for (let f: string | null | undefined = file; f; f = from.get(f)) path.unshift(f);
  return path.join(' → ');
}

/** The modules `entry` loads before it runs that NOT_AT_START names, each with the chain that brought it. */
async function heavyAtStart(entry: string, alsoLoads: string[] = []): Promise<string[]> {
  const from = await reachedAtStart(entry, alsoLoads);
  return Object.entries(NOT_AT_START).flatMap(([part, why]) => {
    const file = [...from.keys()].find((f) => f.startsWith(part));
    return file ? [`${chainTo(from, file)} (${why})`] : [];
  });
}

test('a one-shot command starts without the app, the layer index, the builder or config validation', async () => {
  assert.deepEqual(await heavyAtStart('src/cli.tsx'), []);
});

test('the first frame (imgsh on a terminal) is drawn without React, Ink or config validation', async () => {
  assert.deepEqual(await heavyAtStart('src/first-frame.ts', ['src/ui/first-frame/frame-lines.ts']), []);
});

test("a one-shot command loads no other command's file, nor the app's half of the composition root", async () => {
  // src/cli.tsx loads the command a one-shot names (commands/files.ts), and the app's root only for the app
  const from = await reachedAtStart('src/cli.tsx');
  const wrong = [...from.keys()].filter((f) => (f.startsWith('commands/') && f !== 'commands/files.ts') || f === 'src/app-root.ts' || f === 'src/first-frame.ts');
  assert.deepEqual(wrong.map((f) => chainTo(from, f)), []);
});
