// The `frame` benchmark (issue #12): the app's first frame with the image list beside
// lazydocker's (v0.23.3, built from source when Go is here), beside the Node floor; RSS at the
// first frame and after 10 s idle; CPU over those 10 s on a quiet engine. Each program runs in a
// pseudo-terminal of 120×40 (util-linux `script`), on the same engine and images. Idle CPU is
// measured from 10 s to 20 s after the first frame, with no key and no change on the engine.
//
// lazydocker's source: IMGSH_BENCH_LAZYDOCKER_SRC, a source tree or a git repository that has the
// tag v0.23.3 (its vendored modules build offline); or IMGSH_BENCH_LAZYDOCKER, a built binary.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeToScreen, type Timing } from './measure.js';

const LAZYDOCKER_TAG = 'v0.23.3';
const BUILT = '/var/tmp/imgsh-bench/lazydocker';
const IDLE_MS = 10_000;

/** lazydocker's binary: given, built before, or built now; null (and why) when there is none. */
export function lazydocker(): { bin: string } | { why: string } {
  const given = process.env.IMGSH_BENCH_LAZYDOCKER;
  if (given) return existsSync(given) ? { bin: given } : { why: `IMGSH_BENCH_LAZYDOCKER=${given} does not exist` };
  const bin = join(BUILT, 'lazydocker');
  if (existsSync(bin)) return { bin };
  const source = process.env.IMGSH_BENCH_LAZYDOCKER_SRC;
  if (!source) return { why: `no lazydocker: set IMGSH_BENCH_LAZYDOCKER_SRC to its source (a git repository with ${LAZYDOCKER_TAG}) or IMGSH_BENCH_LAZYDOCKER to a binary` };
  if (spawnSync('go', ['version']).status !== 0) return { why: 'no Go to build lazydocker with (apt-get install golang-go)' };
  const tree = join(BUILT, 'src');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  if (existsSync(join(source, 'go.mod'))) execFileSync('cp', ['-a', `${source}/.`, tree]);
  else execFileSync('sh', ['-c', `git --git-dir="$0" archive ${LAZYDOCKER_TAG} main.go pkg vendor go.mod go.sum 2>/dev/null | tar -x -C "$1"`, source, tree]);
  const r = spawnSync('go', ['build', '-o', bin, '.'], { cwd: tree, env: { ...process.env, GOFLAGS: '-mod=vendor', GOPROXY: 'off', GOTOOLCHAIN: 'local' }, encoding: 'utf8' });
  return r.status === 0 ? { bin } : { why: `building lazydocker failed: ${r.stderr.trim().split('\n').at(-1)}` };
}

/** The program that `script` runs (the shell `exec`s it): the pty's only child. */
export function programOf(script: ChildProcess): number | null {
  try {
    const kids = readFileSync(`/proc/${script.pid}/task/${script.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : null;
  } catch {
    return null;
  }
}

export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
/** User and system CPU of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
}

interface Footprint {
  rssFirst: number;
  rssIdle: number;
  idleCpu: number;
}

/** One run: RSS when `until` is on the screen, then after IDLE_MS with no key, and the CPU it used in the IDLE_MS after that. */
function footprint(shellCmd: string, until: RegExp, env: NodeJS.ProcessEnv, quit: string): Promise<Footprint> {
  return new Promise((resolve, reject) => {
    const script = spawn('script', ['-qfec', `stty rows 40 cols 120; exec ${shellCmd}`, '/dev/null'], { env });
    let seen = '';
    let started = false;
    const timer = setTimeout(() => (script.kill('SIGKILL'), reject(new Error(`timed out waiting for ${until}`))), 30_000 + 2 * IDLE_MS);
    script.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (started || !until.test(seen.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, ''))) return;
      started = true;
      const pid = programOf(script);
      if (!pid) return reject(new Error(`no program under script for ${shellCmd}`));
      const rssFirst = rssMb(pid);
      // the start's own work (the rest of the list, disk usage, the clean-up of dead runs) is done
      // in the first seconds: idle is the CPU of the next ones
      setTimeout(() => {
        const rssIdle = rssMb(pid);
        const cpu0 = cpuMs(pid);
        setTimeout(() => {
          const out = { rssFirst, rssIdle, idleCpu: ((cpuMs(pid) - cpu0) / IDLE_MS) * 100 };
          script.stdin!.write(quit);
          script.on('exit', () => (clearTimeout(timer), resolve(out)));
        }, IDLE_MS);
      }, IDLE_MS);
    });
    script.on('exit', () => started || (clearTimeout(timer), reject(new Error(`${shellCmd} exited before ${until}:\n${seen.slice(-1500)}`))));
  });
}

const fmt = (t: Timing) => `${t.median.toFixed(0)} ms (p90 ${t.p90.toFixed(0)}, ${t.runs} runs)`;

/**
 * `images`: how many tags the engine lists (the bench's 1,000 and the fixture); `repo`: their
 * repository's prefix, which lazydocker shows in its Images panel.
 */
export async function benchFrame(env: NodeJS.ProcessEnv, images: number, repo: string): Promise<void> {
  const imgshFramed = /\b(\d{4,}) of \1\b/;
  const lazyFramed = new RegExp(`${repo.replace(/[/.]/g, '\\$&')}\\d+`);
  const config = mkdtempSync(join(tmpdir(), 'imgsh-bench-frame-'));
  // lazydocker keeps its state (its first-run screen) under XDG_CONFIG_HOME
  const quiet = { ...env, XDG_CONFIG_HOME: config };
  try {
    const node = await timeToScreen(`node -e "console.log('ready')"`, /ready/, quiet, '');
    const ours = await timeToScreen('node bin/imgsh.js', imgshFramed, quiet);
    const lazy = lazydocker();
    const theirs = 'bin' in lazy ? await timeToScreen(lazy.bin, lazyFramed, quiet) : null;
    console.log(`frame: first frame with ${images}+ images (pty 120×40): imgsh ${fmt(ours)}`);
    console.log(`  vs the Node floor (node -e, same pty): ${fmt(node)}: ${(ours.median / node.median).toFixed(2)}× (target ≤ 1.6×)`);
    if (theirs) console.log(`  vs lazydocker ${LAZYDOCKER_TAG}: ${fmt(theirs)}: ${(ours.median / theirs.median).toFixed(2)}× (target ≤ 2×, aim 1.5×)`);
    else console.log(`  lazydocker: not measured (${(lazy as { why: string }).why})`);
    const mine = await footprint('node bin/imgsh.js', imgshFramed, quiet, 'q');
    const line = (f: Footprint) => `RSS ${f.rssFirst.toFixed(0)} MB at the first frame, ${f.rssIdle.toFixed(0)} MB after ${IDLE_MS / 1000} s idle; CPU ${f.idleCpu.toFixed(1)} % over the ${IDLE_MS / 1000} s after`;
    console.log(`frame: imgsh ${line(mine)} (targets: ≤ 75 MB, 0 %)`);
    if ('bin' in lazy) console.log(`frame: lazydocker ${line(await footprint(lazy.bin, lazyFramed, quiet, 'q'))}`);
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}
