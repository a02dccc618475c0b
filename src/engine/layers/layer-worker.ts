// Worker-thread entry (started by layer-worker-run.ts) for one job of layer-job.ts. The
// thread's own heap has a small young generation, so the garbage of a streamed archive stays
// small (peak RSS); Node sets that only at start-up, and a thread gets it without re-executing
// the program.
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, serialize, type WorkerJob, type WorkerReply } from './layer-job.js';

const port = parentPort;
const job = (workerData as { imgshLayerJob?: WorkerJob } | null)?.imgshLayerJob;
if (port && job) {
  const controller = new AbortController();
  port.on('message', (m) => {
    if (m === 'cancel') controller.abort();
  });
  const post = (r: WorkerReply) => port.postMessage(r);
  await runJob(job, post, controller.signal).catch((e: unknown) => post({ type: 'error', error: serialize(e) }));
  port.close();
}
