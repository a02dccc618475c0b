import { formatBytes } from '../../domain/text/size.js';
import type { ImageRow } from '../../domain/images/image.js';
import { compactTime, relativeTime } from '../../domain/text/time.js';

export type ColumnId = 'repository' | 'tag' | 'shortId' | 'created' | 'size' | 'containers';

export interface Column {
  id: ColumnId;
  title: string;
  width: number;
  align: 'left' | 'right';
}

/** Width of the mark column (`* ` or two spaces) in front of every row. */
export const MARK_WIDTH = 2;
const GAP = 2;
const MIN_REPOSITORY = 16;
const MIN_TAG = 8;
const MAX_TAG = 24;

const FIXED: Column[] = [
  { id: 'shortId', title: 'IMAGE ID', width: 12, align: 'left' },
  { id: 'created', title: 'CREATED', width: 18, align: 'left' },
  { id: 'size', title: 'SIZE', width: 8, align: 'right' },
  { id: 'containers', title: 'CONTAINERS', width: 10, align: 'right' },
];
/** What REPOSITORY and TAG want together before the other columns give way. */
const WANT_NAME = 40;
/** CREATED when narrow: `2 hours`, `3 days` (compactTime). */
const CREATED_COMPACT = 10;

/**
 * Columns for a list `width` wide. The name and tag matter most: as the width shrinks, CREATED
 * gets compact, then CONTAINERS goes, then CREATED; the rest goes to REPOSITORY and TAG.
 */
export function layoutColumns(width: number): Column[] {
  let fixed = FIXED;
  const flexFor = (cols: Column[]) => width - MARK_WIDTH - cols.reduce((n, c) => n + c.width + GAP, 0) - GAP;
  const steps: ((cols: Column[]) => Column[])[] = [
    (cols) => cols.map((c) => (c.id === 'created' ? { ...c, width: CREATED_COMPACT } : c)),
    (cols) => cols.filter((c) => c.id !== 'containers'),
    (cols) => cols.filter((c) => c.id !== 'created'),
  ];
  for (const step of steps) {
    if (flexFor(fixed) >= WANT_NAME) break;
    fixed = step(fixed);
  }
  if (flexFor(fixed) < MIN_REPOSITORY + MIN_TAG) fixed = fixed.filter((c) => c.id === 'shortId' || c.id === 'size');
  const flex = Math.max(2, flexFor(fixed));
  const tag = Math.max(1, Math.min(MAX_TAG, Math.max(MIN_TAG, Math.round(flex * 0.35)), flex - 1));
  return [
    { id: 'repository', title: 'REPOSITORY', width: flex - tag, align: 'left' },
    { id: 'tag', title: 'TAG', width: tag, align: 'left' },
    ...fixed,
  ];
}

export const COLUMN_GAP = ' '.repeat(GAP);

/** The text of a non-highlighted cell; `width` lets CREATED be compact. */
export function cellText(row: ImageRow, id: ColumnId, nowMs: number, width = Infinity): string {
  switch (id) {
    case 'repository':
      return row.repository;
    case 'tag':
      return row.tag;
    case 'shortId':
      return row.shortId;
    case 'created':
      return width < 18 ? compactTime(row.created, nowMs) : relativeTime(row.created, nowMs);
    case 'size':
      return formatBytes(row.size);
    case 'containers':
      return row.containers > 0 ? String(row.containers) : '-';
  }
}

/** Windowed list: keeps `prevTop` unless the cursor left the window (scrolls like a pager). */
export function windowTop(prevTop: number, cursor: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  let top = prevTop;
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return Math.max(0, Math.min(top, total - height));
}
