import type { Theme } from './theme.js';

/** A theme with every colour removed, for NO_COLOR: the selection in inverse video. */
export function withoutColor(theme: Theme): Theme {
  const out: Record<string, unknown> = { ...theme, inverseSelection: true };
  for (const k of Object.keys(out)) if (k !== 'name' && k !== 'inverseSelection') out[k] = null;
  return out as Theme;
}
