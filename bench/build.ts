// The build debugger's two latency targets (issue 5), driving the real program in a
// pseudo-terminal (util-linux `script`, as measure.ts does) against the test engine:
//  (a) from the Build pane's failure screen, `x` to an interactive shell prompt (≤ 1.5 s);
//  (b) in `imgsh debug`, `n` on a cached step to the screen showing it done (≤ 1 s).
// Everything built carries the run's imgsh.test label (a LABEL right after FROM) and is removed
// at the end; nothing labelled imgsh.debug may be left. IMGSH_BENCH_QUICK=1 skips it all.
// Alone: `npm run build && node --import tsx bench/build.ts`.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TEST_LABEL, cleanup, fixtureRef, testDockerHost, testLabelValue } from '../test/support/engine.js';

const RUNS = 5;
const strip = (s: string) => s.replace(/\x1b\[[0-9;?<>=]*[a-zA-Z@`~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHM]/g, '');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** imgsh in a pty: type into it, wait for text that appears after a mark. */
class Pty {
  private child: ChildProcessWithoutNullStreams;
  private raw = '';
  private exited = false;
  private waiters: (() => void)[] = [];

  constructor(cmd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn('script', ['-qfec', `stty rows 40 cols 140; ${cmd}`, '/dev/null'], { env });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.raw += chunk.toString('utf8');
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.on('exit', () => {
      this.exited = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Offset into the output; `waitFor` from here on sees only what comes after. */
  mark(): number {
    return this.raw.length;
  }

  write(s: string): void {
    this.child.stdin.write(s);
  }

  /** Resolves with performance.now() when `re` matches the (escape-stripped) output after `from`. */
  waitFor(re: RegExp, from: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`timed out waiting for ${re} in:\n${strip(this.raw.slice(from)).slice(-2000)}`));
      }, timeoutMs);
      const check = () => {
        if (re.test(strip(this.raw.slice(from)))) {
          clearTimeout(timer);
          resolve(performance.now());
        } else if (this.exited) {
          clearTimeout(timer);
          reject(new Error(`exited before ${re}:\n${strip(this.raw.slice(from)).slice(-2000)}`));
        } else this.waiters.push(check);
      };
      check();
    });
  }

  async quit(key = 'q', timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.write(key);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        resolve();
      }, timeoutMs);
      const check = () => (this.exited ? (clearTimeout(timer), resolve()) : this.waiters.push(check));
      check();
    });
  }

  /** The escape-stripped output after `from`, for IMGSH_BENCH_VERBOSE=1. */
  text(from: number): string {
    return strip(this.raw.slice(from));
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

function debugLeft(env: NodeJS.ProcessEnv): string[] {
  const out = (args: string[]) => spawnSync('docker', args, { env, encoding: 'utf8' }).stdout ?? '';
  return [...out(['ps', '-aq', '--filter', 'label=imgsh.debug']).split('\n'), ...out(['images', '-aq', '--filter', 'label=imgsh.debug']).split('\n')].filter(Boolean);
}

async function startApp(env: NodeJS.ProcessEnv, cmd = 'node bin/imgsh.js'): Promise<Pty> {
  const pty = new Pty(cmd, env);
  await pty.waitFor(/REPOSITORY/, 0, 15_000);
  return pty;
}

/** (a) failure screen → `x` → shell prompt. */
async function benchShellKey(env: NodeJS.ProcessEnv, ctx: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const pty = await startApp(env);
    try {
      pty.write(`:build ${ctx}`);
      await new Promise((r) => setTimeout(r, 200));
      pty.write('\r');
      await new Promise((r) => setTimeout(r, 200));
      let m = pty.mark();
      pty.write('3');
      await pty.waitFor(/exit code 3[\s\S]*last good layer [0-9a-f]{12}/, m, 60_000);
      await new Promise((r) => setTimeout(r, 300)); // settle: the failed state is committed after the failure shows
      m = pty.mark();
      const t0 = performance.now();
      pty.write('x');
      const t1 = await pty.waitFor(/^\/\S* # ?$/m, m, 15_000);
      if (i > 0) times.push(t1 - t0); // the first run warms the cache and the engine
      if (process.env.IMGSH_BENCH_VERBOSE === '1') console.log(`--- after x:\n${pty.text(m).slice(-400)}\n---`);
      m = pty.mark();
      pty.write('exit\r');
      await pty.waitFor(/shell in \S+ ended \(exit \d+\)/, m, 10_000);
      await pty.quit();
    } finally {
      pty.kill();
    }
  }
  return times;
}

/** (b) `imgsh debug`, every step cached: `n` → the screen shows the step done. */
async function benchNextCached(env: NodeJS.ProcessEnv, ctx: string): Promise<number[]> {
  const times: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const pty = await startApp(env);
    try {
      pty.write(`:debug ${ctx}`);
      await new Promise((r) => setTimeout(r, 200));
      const m0 = pty.mark();
      pty.write('\r'); // the Build pane takes the focus by itself
      await pty.waitFor(/paused before line 1\b/, m0, 15_000);
      // lines 1 (FROM) … RUNS+1: each `n` runs one cached instruction
      for (let line = 1; line <= RUNS + 1; line++) {
        const m = pty.mark();
        const t0 = performance.now();
        pty.write('n');
        const t1 = await pty.waitFor(new RegExp(`paused before line ${line + 1}\\b`), m, 60_000);
        if (pass === 1 && line > 1) times.push(t1 - t0); // pass 0 fills the cache; FROM is not a build step
      }
      await pty.quit();
    } finally {
      pty.kill();
    }
  }
  return times;
}

export async function benchBuild(): Promise<void> {
  if (process.env.IMGSH_BENCH_QUICK === '1') {
    console.log('build debugger: skipped (IMGSH_BENCH_QUICK=1)');
    return;
  }
  const env = { ...process.env, DOCKER_HOST: testDockerHost(), NO_COLOR: '1' };
  const run = testLabelValue();
  const failCtx = mkdtempSync(join(tmpdir(), 'imgsh-bench-build-'));
  const stepCtx = mkdtempSync(join(tmpdir(), 'imgsh-bench-debug-'));
  writeFileSync(
    join(failCtx, 'Dockerfile'),
    [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, 'RUN echo good > /marker', 'RUN echo partial > /partial && exit 3', 'RUN echo never'].join('\n') + '\n',
  );
  writeFileSync(
    join(stepCtx, 'Dockerfile'),
    [`FROM ${fixtureRef()}`, `LABEL ${TEST_LABEL}=${run}`, ...Array.from({ length: RUNS }, (_, k) => `RUN echo step${k} > /step${k}`)].join('\n') + '\n',
  );
  try {
    const a = await benchShellKey(env, failCtx);
    console.log(`build failure screen, x → shell prompt: median ${median(a).toFixed(0)} ms over ${a.length} runs [${a.map((t) => t.toFixed(0)).join(', ')}] (target ≤ 1500 ms)`);
    const b = await benchNextCached(env, stepCtx);
    console.log(`debug, n on a cached step → step done: median ${median(b).toFixed(0)} ms over ${b.length} steps [${b.map((t) => t.toFixed(0)).join(', ')}] (target ≤ 1000 ms)`);
  } finally {
    rmSync(failCtx, { recursive: true, force: true });
    rmSync(stepCtx, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 1500));
    const left = debugLeft(env);
    if (left.length) console.log(`build debugger: imgsh.debug leftovers: ${left.join(', ')}`);
    await cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchBuild();
