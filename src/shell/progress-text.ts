import { formatBytes } from '../domain/text/size.js';
import type { ProgressItem, ProgressReport } from './command.js';

const BAR = 24;

export function bar(current: number, total: number, width = BAR): string {
  const filled = total > 0 ? Math.min(width, Math.round((current / total) * width)) : 0;
  return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}]`;
}

function itemLine(item: ProgressItem): string {
  const id = item.id.length > 12 ? item.id.slice(0, 12) : item.id;
  const amount =
    item.total && item.total > 0
      ? ` ${bar(item.current ?? 0, item.total)} ${formatBytes(item.current ?? 0)}/${formatBytes(item.total)}`
      : '';
  return `${id}: ${item.status}${amount}`;
}

/** The lines a terminal shows for a report, as `docker pull` does: one per item, then the total. */
export function progressLines(report: ProgressReport): string[] {
  const lines = [report.title, ...report.items.map(itemLine)];
  if (report.total && report.total > 0) {
    const pct = Math.floor(((report.current ?? 0) / report.total) * 100);
    lines.push(`total ${bar(report.current ?? 0, report.total)} ${pct}% ${formatBytes(report.current ?? 0)}/${formatBytes(report.total)}`);
  }
  return lines;
}

/** Redraws the report in place on a terminal stream: cursor up over the last block, rewrite it. */
export function progressPrinter(stream: NodeJS.WriteStream): { report(r: ProgressReport): void; done(): void } {
  let shown = 0;
  let last = 0;
  let pending: ProgressReport | null = null;
  const draw = (r: ProgressReport) => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    const lines = progressLines(r).map((l) => (l.length > width ? l.slice(0, width) : l));
    const up = shown > 0 ? `\x1b[${shown}F` : '';
    stream.write(`${up}${lines.map((l) => `${l}\x1b[K`).join('\n')}\n\x1b[J`);
    shown = lines.length;
    last = Date.now();
  };
  return {
    report(r) {
      pending = r;
      // At most ~12 redraws a second: over SSH every byte counts.
      if (Date.now() - last >= 80) {
        draw(r);
        pending = null;
      }
    },
    done() {
      if (pending) draw(pending);
      pending = null;
    },
  };
}
