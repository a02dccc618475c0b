import { createEngine } from '../src/engine/engine.js';
import { resolveEndpoint } from '../src/engine/transport/resolve-endpoint.js';
import { loadLayerIndex } from '../src/engine/layers/layer-index.js';
const engine = createEngine(resolveEndpoint({}, { DOCKER_HOST: process.env.DOCKER_HOST! }));
process.env.XDG_CACHE_HOME = '/tmp/profcache-' + Date.now();
const t = performance.now();
await loadLayerIndex(engine, process.argv[2], { signal: new AbortController().signal, thread: process.argv[3] === 'worker' });
console.log('index in-thread', (performance.now() - t).toFixed(0));
engine.close();
