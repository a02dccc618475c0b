/** Cuts `text` to `width` columns, ending in `…` when it had to cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** Truncates, then pads to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = truncate(text, width);
  return align === 'left' ? t.padEnd(width) : t.padStart(width);
}

export interface Span {
  text: string;
  hit: boolean;
}

/**
 * `text` fitted to `width`, split into matched and unmatched spans from inclusive
 * [start, end] ranges (as fuse.js gives them). Ranges past a truncation are dropped.
 */
export function highlightSpans(text: string, ranges: readonly [number, number][] | undefined, width: number): Span[] {
  const shown = fit(text, width);
  if (!ranges?.length) return [{ text: shown, hit: false }];
  const visible = text.length > width ? width - 1 : text.length;
  const hit = new Array<boolean>(shown.length).fill(false);
  for (const [a, b] of ranges) for (let i = Math.max(0, a); i <= Math.min(b, visible - 1); i++) hit[i] = true;
  const spans: Span[] = [];
  for (let i = 0; i < shown.length; i++) {
    const last = spans[spans.length - 1];
    if (last && last.hit === hit[i]) last.text += shown[i];
    else spans.push({ text: shown[i], hit: hit[i] });
  }
  return spans;
}
