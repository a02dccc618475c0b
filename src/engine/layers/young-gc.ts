// A thread that streams hundreds of MB through few JS objects collects garbage rarely, and the
// socket's dead 64 KB buffers pile up outside its heap until it does (V8 looks at them every
// 64 MB or so): +20–40 MB of peak RSS for a 400 MB export, and the memory stays with the
// process after the thread ends. A young-generation collection every few MB read frees them as
// they go (a 2 MB young generation: well under a millisecond each). Node exposes `gc` only to
// a context made after --expose-gc is set, hence the flag and the fresh context.
import { isMainThread } from 'node:worker_threads';

const EVERY = 4 << 20;

/** Call with the bytes read so far; in a worker thread it collects every EVERY bytes, elsewhere nothing. */
export async function youngCollector(): Promise<(bytes: number) => void> {
  if (isMainThread) return () => {};
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as ((o: { type: 'minor' }) => void) | undefined;
  if (typeof gc !== 'function') return () => {};
  let last = 0;
  return (bytes) => {
    if (bytes - last < EVERY) return;
    last = bytes;
    gc({ type: 'minor' });
  };
}
