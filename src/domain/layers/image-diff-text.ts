// `imgsh diff A B` as text: a summary line, then each top folder with its growth and its
// entries, largest first (`+` added, `-` removed, `~` changed).
import { formatBytes } from '../text/size.js';
import type { DiffEntry, ImageDiff } from './image-diff.js';

const MARK = { added: '+', removed: '-', changed: '~' } as const;

export function signedBytes(n: number): string {
  return `${n < 0 ? '-' : '+'}${formatBytes(Math.abs(n))}`;
}

function what(e: DiffEntry): string {
  const size = (s: DiffEntry['before']) => (!s ? '' : s.kind === 'dir' ? 'dir' : s.kind === 'symlink' ? `→ ${s.target ?? ''}` : formatBytes(s.size));
  if (e.change !== 'changed') return size(e.before ?? e.after);
  const b = e.before!;
  const a = e.after!;
  const parts = [];
  if (b.kind !== a.kind) parts.push(`${b.kind} → ${a.kind}`);
  if (b.kind === 'file' && a.kind === 'file') parts.push(b.size === a.size ? formatBytes(a.size) : `${formatBytes(b.size)} → ${formatBytes(a.size)}`);
  if (b.target !== a.target) parts.push(`link ${b.target ?? '-'} → ${a.target ?? '-'}`);
  if (b.mode !== a.mode) parts.push(`mode ${b.mode.toString(8)} → ${a.mode.toString(8)}`);
  if (parts.length === 1 && b.kind === a.kind && b.size === a.size && b.mode === a.mode && b.target === a.target) parts.push(b.digest && a.digest ? 'new contents' : 'rewritten');
  return parts.join(', ');
}

/** `limit`: entries shown per folder (the rest counted). */
export function diffText(from: string, to: string, diff: ImageDiff, limit: number): string {
  const lines = [
    `${from} → ${to}: ${diff.added} added, ${diff.removed} removed, ${diff.changed} changed; ` +
      `${formatBytes(diff.bytesBefore)} → ${formatBytes(diff.bytesAfter)} (${signedBytes(diff.growth)})`,
  ];
  if (diff.groups.length === 0) return `${lines[0]}\nno difference in files`;
  const width = Math.min(60, Math.max(...diff.groups.flatMap((g) => g.entries.slice(0, limit).map((e) => e.path.length))));
  for (const g of diff.groups) {
    lines.push('', `${g.folder}  ${signedBytes(g.growth)}  (${g.entries.length} ${g.entries.length === 1 ? 'path' : 'paths'})`);
    for (const e of g.entries.slice(0, limit)) lines.push(`  ${MARK[e.change]} ${e.path.padEnd(width)}  ${what(e)}`);
    if (g.entries.length > limit) lines.push(`  … ${g.entries.length - limit} more (--all lists them)`);
  }
  return lines.join('\n');
}
