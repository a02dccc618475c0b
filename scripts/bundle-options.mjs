// esbuild's options for dist/: the build uses them, and so does the start-path test, which reads
// what a one-shot command loads before it runs (test/unit/start-path.test.ts).
import { inkIncrementalFix } from './ink-incremental-fix.mjs';

export function bundleOptions(version) {
  return {
    // The layer indexer runs big images in a worker thread of its own (src/engine/layers/layer-job-run.ts).
    entryPoints: { cli: 'src/cli.tsx', 'first-frame': 'src/first-frame.ts', 'layer-worker': 'src/engine/layers/layer-worker.ts' },
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
