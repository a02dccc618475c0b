import { PathFilter } from '../src/domain/layers/layer-path-filter.js';

const PKGS = ['requests', 'urllib3', 'numpy', 'pandas', 'django', 'flask', 'jinja2', 'setuptools', 'pip', 'certifi', 'idna', 'yaml', 'boto3', 'botocore', 'six', 'attrs'];
const DOCS = ['libc6', 'openssl', 'ca-certificates', 'coreutils', 'bash', 'tzdata', 'zlib1g', 'libssl3', 'perl-base', 'gcc-12-base'];

/** 100,000 paths as an image's tree has them (no leading slash): python packages, docs, libraries, node modules. */
export function syntheticPaths(n: number): string[] {
  const paths: string[] = [];
  for (let i = 0; paths.length < n; i++) {
    const pkg = `${PKGS[i % PKGS.length]}${Math.floor(i / PKGS.length) % 40}`;
    switch (i % 5) {
      case 0:
        paths.push(`usr/lib/python3.11/site-packages/${pkg}/module_${i % 97}.py`);
        break;
      case 1:
        paths.push(`usr/lib/python3.11/site-packages/${pkg}/__pycache__/module_${i % 97}.cpython-311.pyc`);
        break;
      case 2:
        paths.push(`usr/share/doc/${DOCS[i % DOCS.length]}/changelog${i % 13}.Debian.gz`);
        break;
      case 3:
        paths.push(`usr/lib/x86_64-linux-gnu/lib${pkg}.so.${i % 7}`);
        break;
      default:
        paths.push(`app/node_modules/${pkg}-js/lib/${PKGS[(i * 7) % PKGS.length]}_${i % 89}.js`);
    }
  }
  return paths;
}

/** Types each query a key at a time, as a user does, and times every keystroke (matching and ancestors). */
export function layerFilterKeystrokes(paths = syntheticPaths(100_000), queries = ['sitepkg reqst', 'module_42', 'doc openssl', 'nodemod flask', 'x86 libnumpy', 'pycache django3']) {
  const times: number[] = [];
  const filter = new PathFilter(paths);
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++) {
        const t = performance.now();
        const r = filter.filter(q.slice(0, i));
        // What the tree asks of a result: is each path shown (all of them, as the pane does).
        if (r) for (let k = 0; k < paths.length; k++) r.visibleAt(k);
        times.push(performance.now() - t);
      }
      filter.filter('');
    }
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(layerFilterKeystrokes());
