// esbuild's options for dist/: the build uses them, and so does the start-path test, which reads
// what a one-shot command loads before it runs (test/unit/start-path.test.ts).
import { inkIncrementalFix } from './ink-incremental-fix.mjs';

export function bundleOptions(version) {
  return {
    // The layer indexer runs big images in a worker thread of its own (src/engine/layers/layer-job-run.ts).
    entryPoints: { cli: 'src/cli.tsx', 'layer-worker': 'src/engine/layers/layer-worker.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    external: ['react-devtools-core', 'dockerode', 'docker-modem', 'ssh2', 'cpu-features'],
    define: { __IMGSH_VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import { createRequire as __imgshCreateRequire } from 'node:module'; const require = __imgshCreateRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [inkIncrementalFix],
    logLevel: 'warning',
    legalComments: 'none',
    // Less to parse at every start.
    minify: true,
  };
}

/**
 * The first frame (src/first-frame.ts) as one file of its own, without the chunks the rest shares:
 * each file Node loads costs ~1 ms before any code runs, and this one races the engine's answer.
 * What it shares with the app (chalk, the row text) is loaded again by the app, after the frame.
 */
export function firstFrameOptions(version) {
  const { plugins, ...rest } = bundleOptions(version);
  return { ...rest, entryPoints: { 'first-frame': 'src/first-frame.ts' }, splitting: false };
}
