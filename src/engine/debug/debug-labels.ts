import { hostname } from 'node:os';
import { processAlive } from '../process-alive.js';

/**
 * Every container and temporary image the debugger makes carries `imgsh.debug=<host>/<pid>`,
 * so what a dead run left behind can be found and removed at the next start.
 */
export const DEBUG_LABEL = 'imgsh.debug';

export function debugLabelValue(pid = process.pid): string {
  return `${hostname()}/${pid}`;
}

/** Whether a label value names a process of this machine that is gone. */
export function isDeadRun(value: string): boolean {
  const m = /^(.*)\/(\d+)$/.exec(value);
  if (!m || m[1] !== hostname()) return false;
  const pid = Number(m[2]);
  return pid !== process.pid && !processAlive(pid);
}
