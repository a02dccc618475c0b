import { hostname } from 'node:os';

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
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
