const STEPS: [number, string][] = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [7, 'day'],
  [4.35, 'week'],
  [12, 'month'],
  [Infinity, 'year'],
];

/** `3 days ago`, as `docker images` prints CREATED. */
export function relativeTime(unixSeconds: number, nowMs = Date.now()): string {
  let v = Math.max(0, nowMs / 1000 - unixSeconds);
  if (v < 1) return 'Less than a second ago';
  for (const [size, unit] of STEPS) {
    if (v < size) {
      const n = Math.floor(v);
      if (unit === 'second' && n < 60) return n === 1 ? 'About a second ago' : `${n} seconds ago`;
      return n === 1 ? `${unit === 'hour' ? 'About an' : 'A'} ${unit} ago` : `${n} ${unit}s ago`;
    }
    v /= size;
  }
  return 'a long time ago';
}

/** relativeTime for a narrow column: `2 hours`, `1 minute`, `now` (at most 10 characters). */
export function compactTime(unixSeconds: number, nowMs = Date.now()): string {
  const long = relativeTime(unixSeconds, nowMs);
  if (/^Less than/.test(long)) return 'now';
  if (long === 'a long time ago') return 'long ago';
  return long.replace(/^About an? |^An? /, '1 ').replace(/ ago$/, '');
}
