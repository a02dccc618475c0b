// Layer indexing on a generated image: full index time against `docker save > /dev/null` on the
// same image, peak RSS of the indexing process (and of `imgsh cp` of the biggest file), and
// reopening from the cache. The image is smaller than the 2 GB by default
// (IMGSH_BENCH_LAYERS_MB per layer × 4 layers, 25,000 files each; 500 gives the issue's ~2 GB);
// IMGSH_BENCH_QUICK=1 skips it all.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, makeTestImage, setting, testDockerHost } from '../test/support/engine.js';

const LAYERS = 4;
const FILES_PER_LAYER = 25_000;

interface ChildResult {
  ms: number;
  maxRssKb: number;
  cached: boolean;
}

/** Runs in a child process so its peak RSS is the indexer's alone. */
async function child(ref: string): Promise<void> {
  const { createEngine } = await import('../src/engine/engine.js');
  const { resolveEndpoint } = await import('../src/engine/transport/resolve-endpoint.js');
  const { loadLayerIndex } = await import('../src/engine/layers/layer-index.js');
  const engine = createEngine(resolveEndpoint({}, { DOCKER_HOST: testDockerHost() }));
  const t0 = performance.now();
  const { cached } = await loadLayerIndex(engine, ref, { signal: new AbortController().signal });
  const ms = performance.now() - t0;
  engine.close();
  const result: ChildResult = { ms, maxRssKb: process.resourceUsage().maxRSS, cached };
  console.log(JSON.stringify(result));
}

function runChild(ref: string, cacheHome: string): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/layers.ts', '--child', ref], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

/** The bundle indexing from scratch, as a user runs it: wall time, and peak RSS from GNU time. */
function runBundle(ref: string, cacheHome: string): ChildResult {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, 'bin/imgsh.js', 'layers', ref], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, DOCKER_HOST: testDockerHost() },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`imgsh layers failed: ${r.stderr}`);
  return { ms, maxRssKb: Number(r.stderr.trim().split('\n').pop()), cached: false };
}

/** `imgsh cp` of the biggest file (layer 1's) with the index cached: peak RSS of reading the export for it. */
function runCp(ref: string, cacheHome: string, dest: string): ChildResult {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, 'bin/imgsh.js', 'cp', `${ref}:/g0/big`, dest], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, DOCKER_HOST: testDockerHost() },
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`imgsh cp failed: ${r.stderr}`);
  return { ms, maxRssKb: Number(r.stderr.trim().split('\n').pop()), cached: true };
}

function timeSave(ref: string): number {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `docker save "$0" > /dev/null`, ref], { env: { ...process.env, DOCKER_HOST: testDockerHost() } });
  if (r.status !== 0) throw new Error(`docker save failed: ${r.stderr}`);
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** On each store: the test engine (classic, Docker 20.10) and the Docker 28 engine with the containerd store. */
export async function benchLayers(): Promise<void> {
  if (process.env.IMGSH_BENCH_QUICK === '1') {
    console.log('layers: skipped (IMGSH_BENCH_QUICK=1)');
    return;
  }
  const first = testDockerHost();
  const modern = setting('IMGSH_TEST_MODERN_HOST');
  // IMGSH_BENCH_STORES=containerd (or classic) measures one store only
  const only = process.env.IMGSH_BENCH_STORES;
  const engines = [{ name: 'classic store', host: first }, ...(modern ? [{ name: 'containerd store', host: modern }] : [])].filter((e) => !only || only.split(',').some((s) => e.name.startsWith(s)));
  if (!modern) console.log('layers: no Docker 28 engine (IMGSH_TEST_MODERN_HOST; provision-modern.sh starts one): the containerd store is not measured');
  const saved = process.env.IMGSH_TEST_DOCKER_HOST;
  try {
    for (const e of engines) {
      // the test helpers (build, docker save, cleanup) and the children follow this variable
      process.env.IMGSH_TEST_DOCKER_HOST = e.host;
      await benchLayersOn(e.name);
    }
  } finally {
    if (saved === undefined) delete process.env.IMGSH_TEST_DOCKER_HOST;
    else process.env.IMGSH_TEST_DOCKER_HOST = saved;
  }
}

async function benchLayersOn(store: string): Promise<void> {
  const say = (line: string) => console.log(line.replace(/^layers: /, `layers (${store}): `));
  const mb = Number(process.env.IMGSH_BENCH_LAYERS_MB ?? 100);
  const ref = `imgsh-bench/layers:${process.pid}`;
  const steps = Array.from({ length: LAYERS }, (_, l) =>
    `RUN mkdir /g${l} && cd /g${l} && head -c ${mb}000000 /dev/urandom > big && i=0 && while [ $i -lt ${FILES_PER_LAYER} ]; do echo $i > f$i; i=$((i+1)); done`,
  );
  say(`layers: building a ${LAYERS}-layer image, ${LAYERS * mb} MB and ${LAYERS * FILES_PER_LAYER} files${mb < 500 ? " (not the issue's 2 GB: set IMGSH_BENCH_LAYERS_MB=500 for that)" : ''}…`);
  await makeTestImage(ref, { steps });
  const caches: string[] = [];
  try {
    const saves: number[] = [];
    const fresh: ChildResult[] = [];
    for (let run = 0; run < 3; run++) {
      saves.push(timeSave(ref));
      const dir = mkdtempSync(join(tmpdir(), 'imgsh-bench-cache-'));
      caches.push(dir);
      fresh.push(runBundle(ref, dir));
    }
    const reopen = Array.from({ length: 5 }, () => runChild(ref, caches[0]));
    const cp = runCp(ref, caches[0], caches[1]);
    const index = median(fresh.map((r) => r.ms));
    const save = median(saves);
    say(`layers: imgsh layers (bundle, empty cache) ${index.toFixed(0)} ms vs docker save > /dev/null ${save.toFixed(0)} ms: ${(index / save).toFixed(2)}× (target ≤ 1.2×)`);
    const rss = fresh.map((r) => (r.maxRssKb / 1024).toFixed(0)).join(', ');
    say(`layers: peak RSS of imgsh layers ${(Math.max(...fresh.map((r) => r.maxRssKb)) / 1024).toFixed(0)} MB (runs: ${rss} MB; target ≤ 150 MB)`);
    say(`layers: peak RSS of imgsh cp of /g0/big (${mb} MB, index cached) ${(cp.maxRssKb / 1024).toFixed(0)} MB in ${(cp.ms / 1000).toFixed(1)} s`);
    say(`layers: reopen from the cache ${median(reopen.map((r) => r.ms)).toFixed(0)} ms in-process (target ≤ 200 ms; cached: ${reopen.every((r) => r.cached)})`);
  } finally {
    for (const dir of caches) rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]);
