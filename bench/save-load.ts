// save and load of a ~1 GB image, imgsh against the docker CLI on the same engine in the same
// run: throughput (median of 5, the order alternating) and imgsh's peak RSS. Called at the end
// of bench/run.ts; alone: `npm run build && node --import tsx bench/save-load.ts`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureRef, testDockerHost } from '../test/support/engine.js';

const REF = 'imgsh-bench/save-load:1gb';
const LAYERS = 4;
const LAYER_BYTES = 256 << 20;
// Alternating order, medians of five: the engine's disk reads vary run to run on a shared machine.
const RUNS = 5;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';

interface Run {
  seconds: number;
  /** Peak resident set of the process, in MB (null when it could not be measured). */
  peakMb: number | null;
}

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): string {
  const r = spawnSync(cmd, args, { env, cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** Runs a command to the end; wall time, and peak RSS from GNU time or else from /proc. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const timed = existsSync(TIME);
  const [file, argv] = timed ? [TIME, ['-f', 'imgsh-bench-rss-kb=%M', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let hwmKb = 0;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = timed
      ? null
      : setInterval(() => {
          const m = /VmHWM:\s+(\d+)/.exec(readProc(child.pid));
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (poll) clearInterval(poll);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr.trim()}`));
      const m = /imgsh-bench-rss-kb=(\d+)/.exec(stderr);
      const kb = m ? Number(m[1]) : hwmKb;
      resolve({ seconds, peakMb: kb > 0 ? kb / 1024 : null });
    });
  });
}

function readProc(pid: number | undefined): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Builds the image: LAYERS layers of random bytes on the fixture, labelled for cleanup. */
function buildImage(env: NodeJS.ProcessEnv, dir: string): void {
  const ctx = join(dir, 'ctx');
  mkdirSync(ctx);
  const steps = Array.from({ length: LAYERS }, (_, i) => `RUN head -c ${LAYER_BYTES} /dev/urandom > /blob${i}`);
  writeFileSync(join(ctx, 'Dockerfile'), [`FROM ${fixtureRef()}`, ...steps].join('\n') + '\n');
  sh('docker', ['build', '-q', '--rm', '--force-rm', '--label', 'imgsh.test=bench', '-t', REF, ctx], { ...env, DOCKER_BUILDKIT: '0' });
}

function line(what: string, ours: number[], theirs: number[], bytes: number): string {
  const mbps = (s: number) => bytes / 1e6 / s;
  const [o, t] = [mbps(median(ours)), mbps(median(theirs))];
  return `${what}: imgsh ${o.toFixed(0)} MB/s | docker ${t.toFixed(0)} MB/s | ratio ${(o / t).toFixed(2)}× (target ≥ 0.95×; median of ${ours.length}, ${(bytes / 1e9).toFixed(2)} GB)`;
}

export async function benchSaveLoad(): Promise<void> {
  const host = testDockerHost();
  const env = { ...process.env, DOCKER_HOST: host, NO_COLOR: '1' };
  const dir = mkdtempSync(join(process.env.IMGSH_BENCH_DIR ?? '/var/tmp', 'imgsh-bench-save-load-'));
  const [ours, theirs] = [join(dir, 'imgsh.tar'), join(dir, 'docker.tar')];
  const imgsh = (args: string[]) => measure(process.execPath, ['bin/imgsh.js', ...args], env);
  const docker = (args: string[]) => measure('docker', args, env);
  const rmi = () => sh('docker', ['rmi', REF], env);
  try {
    const t0 = performance.now();
    buildImage(env, dir);
    console.log(`save/load: built ${REF} (${LAYERS} × ${LAYER_BYTES >> 20} MB) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    // one untimed export first, so neither side pays for reading the fresh layers from disk
    await docker(['save', '-o', theirs, REF]);
    const save = { ours: [] as Run[], theirs: [] as Run[] };
    const load = { ours: [] as Run[], theirs: [] as Run[] };
    for (let i = 0; i < RUNS; i++) {
      // Each writes a new file: over an existing one imgsh keeps the old file until the new one
      // is complete (never half-written), which with a 1 GB file just written doubles the dirty
      // pages the kernel must write back (measured: 0.79× instead of parity).
      // And `sync` first, so no run pays for writing back the one before it.
      const fresh = (file: string) => (rmSync(file, { force: true }), spawnSync('sync'));
      const us = () => (fresh(ours), imgsh(['save', '-o', ours, REF]).then((r) => save.ours.push(r)));
      const them = () => (fresh(theirs), docker(['save', '-o', theirs, REF]).then((r) => save.theirs.push(r)));
      if (i % 2 === 0) await us().then(them);
      else await them().then(us);
    }
    if (sh('sha256sum', [ours], env).split(' ')[0] !== sh('sha256sum', [theirs], env).split(' ')[0]) {
      console.log('save/load: note: the two archives differ byte for byte');
    }
    for (let i = 0; i < RUNS; i++) {
      const us = async () => (rmi(), spawnSync('sync'), load.ours.push(await imgsh(['load', '-i', ours])));
      const them = async () => (rmi(), spawnSync('sync'), load.theirs.push(await docker(['load', '-i', theirs])));
      if (i % 2 === 0) await us().then(them);
      else await them().then(us);
    }
    const bytes = statSync(ours).size;
    const secs = (runs: Run[]) => runs.map((r) => r.seconds);
    console.log(line('save -o FILE, ~1 GB image', secs(save.ours), secs(save.theirs), bytes));
    console.log(line('load -i FILE, ~1 GB image', secs(load.ours), secs(load.theirs), bytes));
    const peak = (runs: Run[]) => Math.max(...runs.map((r) => r.peakMb ?? 0));
    console.log(
      `save/load peak RSS: imgsh save ${peak(save.ours).toFixed(0)} MB, imgsh load ${peak(load.ours).toFixed(0)} MB ` +
        `(target ≤ 150 MB; docker CLI: save ${peak(save.theirs).toFixed(0)} MB, load ${peak(load.theirs).toFixed(0)} MB)`,
    );
  } finally {
    spawnSync('docker', ['rmi', REF], { env });
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchSaveLoad();
