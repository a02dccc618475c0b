import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';

export interface Timing {
  median: number;
  p90: number;
  runs: number;
}

function stats(times: number[]): Timing {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)], runs: s.length };
}

/** Wall time of a whole process, median over runs, after one warm-up run. */
export function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, runs = 15): Timing {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    if (i > 0) times.push(ms);
  }
  return stats(times);
}

/**
 * Time until a program in a pseudo-terminal (util-linux `script`) has printed `until`;
 * then it is sent `quit` and must exit. The baseline runs the same wrapper.
 */
export async function timeToScreen(shellCmd: string, until: RegExp, env: NodeJS.ProcessEnv, quit = 'q', runs = 9): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const ms = await new Promise<number>((resolve, reject) => {
      const t = performance.now();
      const child = spawn('script', ['-qfec', `stty rows 40 cols 120; ${shellCmd}`, '/dev/null'], { env });
      let seen = '';
      let done = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`timed out waiting for ${until} in:\n${seen.slice(-2000)}`));
      }, 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        if (!done && until.test(seen.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, ''))) {
          done = true;
          const elapsed = performance.now() - t;
          child.stdin.write(quit);
          child.on('exit', () => {
            clearTimeout(timer);
            resolve(elapsed);
          });
        }
      });
      child.on('exit', () => {
        if (!done) {
          clearTimeout(timer);
          reject(new Error(`exited before ${until}:\n${seen.slice(-2000)}`));
        }
      });
    });
    if (i > 0) times.push(ms);
  }
  return stats(times);
}

/** One Engine API request on a unix socket, its body thrown away: the status code. */
export function engineRequest(socketPath: string, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}
