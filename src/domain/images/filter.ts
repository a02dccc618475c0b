import type { ImageRow } from './image.js';

export interface RowFilters {
  danglingOnly: boolean;
  inUseOnly: boolean;
}

export const NO_FILTERS: RowFilters = { danglingOnly: false, inUseOnly: false };

export function applyFilters(rows: readonly ImageRow[], f: RowFilters): ImageRow[] {
  return rows.filter((r) => (!f.danglingOnly || r.dangling) && (!f.inUseOnly || r.containers > 0));
}

/** `--filter K=V` as docker's `images --filter` understands it, for the engine query. */
export interface EngineFilter {
  key: string;
  value: string;
}

export const ENGINE_FILTER_KEYS = ['dangling', 'label', 'reference', 'before', 'since', 'until'] as const;

export function parseEngineFilter(text: string): EngineFilter {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`bad filter "${text}": use KEY=VALUE, e.g. dangling=true or reference=busybox*`);
  // a key the engine does not know is the engine's to refuse, in its words (as docker shows them)
  const key = text.slice(0, eq);
  return { key, value: text.slice(eq + 1) };
}

export function filtersToQuery(filters: EngineFilter[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { key, value } of filters) (out[key] ??= []).push(value);
  return out;
}
