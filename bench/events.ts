// `IMGSH_BENCH_ONLY=events npm run bench` (issue #12): the app's RSS over a long run of engine
// events. The app runs in a pty (120×40) on the test engine; a loop tags the fixture and removes
// the tag again, once a second (each is an event, and the app reloads its list after each
// burst). RSS is read after 10 s idle, every minute, and at the end after 10 s without events.
// IMGSH_BENCH_EVENTS_MINUTES sets the length (default 60: the issue's "hour of events").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programOf, rssMb } from './frame.js';
import { engineRequest as api } from './measure.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchEvents(env: NodeJS.ProcessEnv, socketPath: string, fixture: string, minutes: number): Promise<void> {
  const config = mkdtempSync(join(tmpdir(), 'imgsh-bench-events-'));
  const script = spawn('script', ['-qfec', 'stty rows 40 cols 120; exec node bin/imgsh.js', '/dev/null'], { env: { ...env, XDG_CONFIG_HOME: config } });
  let seen = '';
  script.stdout!.on('data', (c: Buffer) => (seen = (seen + c.toString('utf8')).slice(-20_000)));
  try {
    const deadline = Date.now() + 30_000;
    while (!/\b(\d+) of \1\b/.test(seen.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, ''))) {
      if (Date.now() > deadline) throw new Error(`no first frame:\n${seen.slice(-1500)}`);
      await pause(20);
    }
    const pid = programOf(script);
    if (!pid) throw new Error('no imgsh process under script');
    await pause(10_000);
    const start = rssMb(pid);
    const samples: number[] = [];
    const end = Date.now() + minutes * 60_000;
    let cycles = 0;
    let nextSample = Date.now() + 60_000;
    const from = encodeURIComponent(fixture);
    while (Date.now() < end) {
      const tag = `imgsh-bench/events:${cycles % 10}`;
      await api(socketPath, 'POST', `/images/${from}/tag?repo=imgsh-bench/events&tag=${cycles % 10}`);
      await pause(500);
      await api(socketPath, 'DELETE', `/images/${encodeURIComponent(tag)}?noprune=1`);
      await pause(500);
      cycles++;
      if (Date.now() >= nextSample) {
        samples.push(rssMb(pid));
        nextSample += 60_000;
      }
    }
    await pause(10_000);
    const last = rssMb(pid);
    const most = Math.max(start, last, ...samples);
    console.log(
      `events: RSS ${start.toFixed(0)} MB after 10 s idle; ${last.toFixed(0)} MB after ${cycles} tag/remove cycles over ${minutes} min and 10 s without events ` +
        `(${last - start >= 0 ? '+' : ''}${(last - start).toFixed(1)} MB; highest ${most.toFixed(0)} MB; per minute: ${samples.map((s) => s.toFixed(0)).join(' ')}) (target ≤ +10 MB)`,
    );
    script.stdin!.write('q');
    await new Promise((r) => script.on('exit', r));
  } finally {
    script.kill('SIGKILL');
    rmSync(config, { recursive: true, force: true });
    for (let i = 0; i < 10; i++) await api(socketPath, 'DELETE', `/images/${encodeURIComponent(`imgsh-bench/events:${i}`)}?noprune=1`).catch(() => 0);
  }
}
