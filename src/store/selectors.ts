import { applyFilters } from '../domain/images/filter.js';
import { RowSearch, type Highlights } from '../domain/images/fuzzy.js';
import { rowName, type ImageRow } from '../domain/images/image.js';
import { sortRows } from '../domain/images/sort.js';
import type { AppState } from './state.js';

export interface VisibleRow {
  row: ImageRow;
  highlights: Highlights;
}

let searchCache: { rows: ImageRow[]; search: RowSearch } | null = null;
let visibleCache: { key: unknown[]; value: VisibleRow[] } | null = null;

function searchFor(rows: ImageRow[]): RowSearch {
  if (searchCache?.rows !== rows) searchCache = { rows, search: new RowSearch(rows) };
  return searchCache.search;
}

/** The rows the Images pane shows: filtered, searched (best match first) or sorted. */
export function selectVisible(state: AppState): VisibleRow[] {
  const key = [state.rows, state.filters, state.sort, state.sortReverse, state.search.query];
  if (visibleCache && key.every((k, i) => k === visibleCache!.key[i])) return visibleCache.value;
  const sorted = sortRows(applyFilters(state.rows, state.filters), state.sort, state.sortReverse);
  const query = state.search.query.trim();
  let value: VisibleRow[];
  if (!query) {
    value = sorted.map((row) => ({ row, highlights: {} }));
  } else {
    const allowed = new Set(sorted.map((r) => r.key));
    value = searchFor(state.rows)
      .search(query)
      .filter((h) => allowed.has(h.row.key));
  }
  visibleCache = { key, value };
  return value;
}

export function selectCursorIndex(state: AppState): number {
  const visible = selectVisible(state);
  if (visible.length === 0) return -1;
  const i = visible.findIndex((v) => v.row.key === state.cursorKey);
  return i >= 0 ? i : 0;
}

export function selectCurrentRow(state: AppState): ImageRow | null {
  const i = selectCursorIndex(state);
  return i >= 0 ? selectVisible(state)[i].row : null;
}

/** Rows an operation applies to: the marked ones, else the selected one. */
export function selectTargets(state: AppState): ImageRow[] {
  if (state.marked.length > 0) {
    const marked = new Set(state.marked);
    return state.rows.filter((r) => marked.has(r.key));
  }
  const current = selectCurrentRow(state);
  return current ? [current] : [];
}

/** The image the Images pane points the Layers pane at: the selected one (else the one last opened). */
export function followedImage(s: AppState): string | null {
  const row = selectCurrentRow(s);
  return row ? rowName(row) : (s.details?.ref ?? null);
}
