import { build } from 'esbuild';
import { inkIncrementalFix } from './ink-incremental-fix.mjs';
const r = await build({
  entryPoints: { cli: 'src/cli.tsx' }, outdir: '/tmp/exp/meta', bundle: true, splitting: true, metafile: true, write: false,
  format: 'esm', platform: 'node', target: 'node20', jsx: 'automatic',
  external: ['react-devtools-core', 'dockerode', 'docker-modem', 'ssh2', 'cpu-features'],
  define: { __IMGSH_VERSION__: '"0.1.0"', 'process.env.NODE_ENV': '"production"' },
  plugins: [inkIncrementalFix], logLevel: 'silent',
});
const inputs = r.metafile.inputs;
const target = process.argv[2];
// BFS over static imports only
const prev = new Map([['src/cli.tsx', null]]); const q = ['src/cli.tsx'];
while (q.length) { const f = q.shift(); for (const im of inputs[f]?.imports ?? []) if (im.kind === 'import-statement' && !prev.has(im.path)) { prev.set(im.path, f); q.push(im.path); } }
for (const t of Object.keys(inputs).filter((k) => k.includes(target))) { const path = []; let c = t; if (!prev.has(c)) { console.log(t, 'not static'); continue; } while (c) { path.push(c); c = prev.get(c); } console.log(path.reverse().join('\n  -> ')); }
const stat = [...prev.keys()]; const bytes = stat.reduce((s, k) => s + (inputs[k]?.bytes ?? 0), 0);
console.log('static inputs', stat.length, 'source bytes', bytes);
