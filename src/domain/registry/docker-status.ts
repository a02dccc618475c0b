import type { ProgressEvent } from './layer-progress.js';

/**
 * The line docker prints for one progress event when its output is not a terminal
 * (jsonmessage.Display): `ID: Status`, or the status alone; none for a progress bar's
 * update or an aux record.
 */
export function dockerStatusLine(event: ProgressEvent): string | null {
  if (event.aux) return null;
  const p = event.progressDetail;
  if (p && ((p.current ?? 0) > 0 || (p.total ?? 0) > 0)) return null;
  if (event.status === undefined) return null;
  return `${event.id ? `${event.id}: ` : ''}${event.status}`;
}
