import type { AppState } from '../../store/state.js';
import { fit } from '../text.js';
import { COLUMN_GAP, MARK_WIDTH, type Column } from './columns.js';

/** `sorted by created · all · dangling only` on the left, `12 of 40` on the right. */
export function listStatusText(s: Pick<AppState, 'sort' | 'sortReverse' | 'showAll' | 'filters' | 'marked' | 'loaded' | 'rows'>, query: string, shown: number): { left: string; right: string } {
  const toggles = [s.showAll && 'all', s.filters.danglingOnly && 'dangling only', s.filters.inUseOnly && 'in use only'].filter(Boolean);
  // nothing to count before the first list (over ssh the app draws while it logs in)
  const right = s.loaded ? `${s.marked.length ? `${s.marked.length} marked · ` : ''}${shown} of ${s.rows.length}` : '';
  const left = [`sorted by ${s.sort}${s.sortReverse ? ' (reversed)' : ''}`, ...toggles, query && `matching “${query}”`].filter(Boolean).join(' · ');
  return { left, right };
}

/** The column titles line, under the list status. */
export function columnTitlesText(columns: Column[]): string {
  return ' '.repeat(MARK_WIDTH) + columns.map((c) => fit(c.title, c.width, c.align)).join(COLUMN_GAP);
}
