// `npm run bench`: imgsh side by side with the docker CLI on the test engine, ratios printed.
import { fuzzyKeystrokes } from './fuzzy.js';
import { engineRequest, timeCommand, type Timing } from './measure.js';
import { fixtureRef, testDockerHost } from '../test/support/engine.js';

const host = testDockerHost();
const socketPath = host.replace(/^unix:\/\//, '');
const env = { ...process.env, DOCKER_HOST: host, NO_COLOR: '1' };
const IMAGES = 1000;
const REPO = 'imgsh-bench/tag';

const api = (method: string, path: string) => engineRequest(socketPath, method, path);

/** 1,000 tags of the fixture image, made through the API (1,000 `docker tag` runs take a minute). */
async function withBenchTags<T>(fn: () => Promise<T>): Promise<T> {
  const fixture = encodeURIComponent(fixtureRef());
  for (let i = 0; i < IMAGES; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, k) => api('POST', `/images/${fixture}/tag?repo=${REPO}${i + k}&tag=bench`)));
  }
  try {
    return await fn();
  } finally {
    for (let i = 0; i < IMAGES; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => api('DELETE', `/images/${REPO}${i + k}:bench?noprune=1`)));
    }
  }
}

const fmt = (t: Timing) => `${t.median.toFixed(0)} ms (p90 ${t.p90.toFixed(0)}, ${t.runs} runs)`;
const rows: string[][] = [];
function report(name: string, ours: Timing, theirs: Timing, theirName: string, target: string) {
  const ratio = ours.median / theirs.median;
  rows.push([name, fmt(ours), `${theirName}: ${fmt(theirs)}`, `${ratio.toFixed(2)}×`, target]);
  console.log(`${name}: imgsh ${fmt(ours)} | ${theirName} ${fmt(theirs)} | ratio ${ratio.toFixed(2)}× (target ${target})`);
}

// IMGSH_BENCH_ONLY=frame: the first frame and footprint only (with the one-shot list beside it)
const only = process.env.IMGSH_BENCH_ONLY;
// IMGSH_BENCH_ONLY=events: the app's RSS over an hour of engine events (bench/events.ts), alone
// IMGSH_BENCH_ONLY=diff: imgsh diff of two images sharing a big base (bench/diff.ts), alone
if (only === 'diff') {
  await (await import('./diff.js')).benchDiff();
  process.exit(0);
}
if (only === 'events') {
  const minutes = Number(process.env.IMGSH_BENCH_EVENTS_MINUTES ?? 60);
  await withBenchTags(async () => (await import('./events.js')).benchEvents(env, socketPath, fixtureRef(), minutes));
  process.exit(0);
}
await withBenchTags(async () => {
  const node0 = timeCommand('node', ['-e', '0'], env);
  const dockerImages = timeCommand('docker', ['images', '--format', 'json'], env);
  const ours = timeCommand('node', ['bin/imgsh.js', 'images', '--format', 'json'], env);
  report(`one-shot images --format json, ${IMAGES}+ images`, ours, dockerImages, 'docker images --format json', '≤ 2×');
  console.log(`  (node -e 0 alone: ${fmt(node0)})`);
  await (await import('./frame.js')).benchFrame(env, IMAGES, REPO);
});
if (only === 'frame') process.exit(0);

await (await import('./remote.js')).remoteFirstFrame();

const fuzzy = fuzzyKeystrokes();
console.log(`fuzzy filter per keystroke over 10,000 refs: p50 ${fuzzy.p50.toFixed(2)} ms, p95 ${fuzzy.p95.toFixed(2)} ms over ${fuzzy.n} keystrokes (target p95 ≤ 8 ms)`);
const paths = (await import('./layers-filter.js')).layerFilterKeystrokes();
console.log(`layers path filter per keystroke over 100,000 paths: p50 ${paths.p50.toFixed(2)} ms, p95 ${paths.p95.toFixed(2)} ms over ${paths.n} keystrokes (target p95 ≤ 30 ms)`);
await (await import('./save-load.js')).benchSaveLoad();
await (await import('./layers.js')).benchLayers();
await (await import('./diff.js')).benchDiff();
await (await import('./build.js')).benchBuild();
