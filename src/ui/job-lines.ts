import { formatBytes } from '../domain/text/size.js';
import { bar } from '../shell/progress-text.js';
import type { JobItem, JobProgress } from '../store/state.js';
import { fit } from './text.js';

const STATUS = 18;

/** Rows the job panel takes from the pane body: its title, items and total, at most half the body. */
export function jobPanelHeight(progress: JobProgress | null, body: number): number {
  if (!progress) return 0;
  const want = 1 + progress.items.length + (progress.total ? 1 : 0);
  return Math.min(want, Math.max(2, Math.floor(body / 2)));
}

function amountLine(label: string, status: string, idWidth: number, width: number, current?: number, total?: number): string {
  const head = `${fit(label, idWidth)} ${fit(status, STATUS)}`;
  if (!total || total <= 0) return current ? `${head} ${formatBytes(current)}` : head;
  const bytes = `${formatBytes(current ?? 0)}/${formatBytes(total)}`;
  const barWidth = Math.max(6, Math.min(40, width - head.length - bytes.length - 4));
  return `${head} ${bar(current ?? 0, total, barWidth)} ${bytes}`;
}

/**
 * The panel's lines below its title, `rows` of them at most: the last items that fit (the
 * ones still moving), then the total.
 */
export function jobLines(progress: JobProgress, width: number, rows: number): string[] {
  const total = progress.total && progress.total > 0 ? progress.total : 0;
  const room = Math.max(0, rows - (total ? 1 : 0));
  const items: JobItem[] = room > 0 ? progress.items.slice(-room) : [];
  const idWidth = Math.min(24, Math.max(5, ...items.map((i) => i.id.length)));
  const lines = items.map((i) => amountLine(i.id, i.status, idWidth, width, i.current, i.total));
  if (total && rows > 0) {
    const pct = `${Math.floor(((progress.current ?? 0) / total) * 100)}%`;
    lines.push(amountLine('total', pct, idWidth, width, progress.current, total));
  }
  return lines;
}
