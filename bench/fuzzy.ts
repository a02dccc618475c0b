import { RowSearch } from '../src/domain/images/fuzzy.js';
import { toRows, type ImageSummary } from '../src/domain/images/image.js';

const WORDS = ['api', 'web', 'worker', 'busybox', 'alpine', 'nginx', 'postgres', 'redis', 'node', 'python', 'golang', 'debian', 'ubuntu', 'grafana', 'kafka', 'mongo'];

/** 10,000 realistic references: registry/team/name:tag. */
export function syntheticRows(n: number) {
  const images: ImageSummary[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${WORDS[i % WORDS.length]}-${WORDS[(i * 7) % WORDS.length]}`;
    images.push({
      id: `sha256:${i.toString(16).padStart(64, 'a')}`,
      parentId: '',
      repoTags: [`registry.local:5000/team${i % 50}/${name}:v${i % 13}.${i % 7}`],
      repoDigests: [],
      created: 1_700_000_000 + i,
      size: i * 1000,
      labels: { 'org.opencontainers.image.source': `https://git.local/${name}` },
    });
  }
  return toRows(images, new Map());
}

/** Types each query a key at a time, as a user does, and times every keystroke. */
export function fuzzyKeystrokes(rows = syntheticRows(10_000), queries = ['bsybx', 'ngnx', 'team7 redis', 'postgr', 'kfka-mngo', 'v3.1']) {
  const times: number[] = [];
  const search = new RowSearch(rows);
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++) {
        const t = performance.now();
        search.search(q.slice(0, i));
        times.push(performance.now() - t);
      }
      search.search('');
    }
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(fuzzyKeystrokes());
