// `imgsh diff A B` of two images that share a big base (issue #13): B's index reads its export
// with A's layers known, so the shared layers go by unread. The Engine API exports whole images
// only, so the reference is the engine's own export of B (`docker save B > /dev/null`); beside it,
// indexing B alone with nothing known. Sizes: IMGSH_BENCH_DIFF_MB per base layer (2 layers,
// 12,500 files each) and a tenth of that on top of each image; IMGSH_BENCH_QUICK=1 skips it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, makeTestImage, testDockerHost } from '../test/support/engine.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function imgsh(args: string[], cacheHome: string): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/imgsh.js', ...args], { env: { ...process.env, XDG_CACHE_HOME: cacheHome, DOCKER_HOST: testDockerHost() }, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`imgsh ${args.join(' ')} failed: ${r.stderr}`);
  return { ms: performance.now() - t0, stdout: r.stdout };
}

function timeSave(ref: string): number {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `docker save ${ref} > /dev/null`], { env: { ...process.env, DOCKER_HOST: testDockerHost() } });
  if (r.status !== 0) throw new Error(`docker save failed: ${r.stderr}`);
  return performance.now() - t0;
}

export async function benchDiff(): Promise<void> {
  if (process.env.IMGSH_BENCH_QUICK === '1') return void console.log('diff: skipped (IMGSH_BENCH_QUICK=1)');
  const mb = Number(process.env.IMGSH_BENCH_DIFF_MB ?? 125);
  const top = Math.max(1, Math.round(mb / 5));
  const id = process.pid;
  const base = `imgsh-bench/diff-base:${id}`;
  const [a, b] = [`imgsh-bench/diff-a:${id}`, `imgsh-bench/diff-b:${id}`];
  const files = (l: number) => `RUN mkdir /g${l} && cd /g${l} && head -c ${mb}000000 /dev/urandom > big && i=0 && while [ $i -lt 12500 ]; do echo $i > f$i; i=$((i+1)); done`;
  console.log(`diff: building a base of 2 layers, ${2 * mb} MB and 25,000 files, and two images on it with ${top} MB each…`);
  await makeTestImage(base, { steps: [files(0), files(1)] });
  await makeTestImage(a, { from: base, steps: [`RUN head -c ${top}000000 /dev/urandom > /a.bin`] });
  await makeTestImage(b, { from: base, steps: [`RUN head -c ${top}000000 /dev/urandom > /b.bin`] });
  const dirs: string[] = [];
  try {
    const diffs: number[] = [];
    const alone: number[] = [];
    const saves: number[] = [];
    let reused = '';
    // Each export warms the engine's disk cache for the next: the diff and the save it is held
    // against take turns going first.
    for (let run = 0; run < 5; run++) {
      const withA = mkdtempSync(join(tmpdir(), 'imgsh-bench-diff-'));
      const empty = mkdtempSync(join(tmpdir(), 'imgsh-bench-diff-'));
      dirs.push(withA, empty);
      imgsh(['layers', a], withA); // A's index cached, as after looking at A
      if (run % 2 === 1) saves.push(timeSave(b));
      const d = imgsh(['diff', a, b, '--json'], withA);
      diffs.push(d.ms);
      if (run % 2 === 0) saves.push(timeSave(b));
      const to = JSON.parse(d.stdout).to;
      reused = `${to.layersReused} of ${to.layersReused + to.layersRead} layers of B taken from A's index`;
      alone.push(imgsh(['layers', b], empty).ms);
    }
    console.log(`diff: each run, diff / save / B alone (ms): ${diffs.map((d, i) => `${d.toFixed(0)}/${saves[i].toFixed(0)}/${alone[i].toFixed(0)}`).join(", ")}`);
    const [diff, index, save] = [median(diffs), median(alone), median(saves)];
    console.log(`diff: imgsh diff A B (A's index cached; ${reused}) ${diff.toFixed(0)} ms vs docker save B > /dev/null ${save.toFixed(0)} ms: ${(diff / save).toFixed(2)}× (target ≤ 1.2× reading the unshared layers once: the engine exports whole images, so its export of B is the floor)`);
    console.log(`diff: the same B indexed with nothing known ${index.toFixed(0)} ms: ${(diff / index).toFixed(2)}× of it`);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }
}
