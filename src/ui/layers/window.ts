/** The first row to show so `cursor` stays in a window of `height` rows over `count`. */
export function windowStart(cursor: number, height: number, count: number): number {
  if (count <= height) return 0;
  return Math.max(0, Math.min(count - height, cursor - Math.floor(height / 2)));
}

/** `██████░░░░`: `value` of `max` in `width` cells. */
export function sizeBar(value: number, max: number, width: number): string {
  const full = max <= 0 ? 0 : Math.round((value / max) * width);
  const cells = value > 0 ? Math.max(1, full) : 0;
  return '█'.repeat(cells) + '░'.repeat(width - cells);
}
