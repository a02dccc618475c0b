const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Decimal units, as the docker CLI prints them (`7.8MB`). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '-';
  let i = 0;
  let v = n;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = i === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${v.toFixed(digits).replace(/\.0+$/, '')}${UNITS[i]}`;
}

export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?i?[bB]?)\s*$/.exec(text);
  if (!m) throw new Error(`bad size "${text}": use a number with an optional unit, e.g. 20MB`);
  const unit = m[2].toUpperCase().replace(/B$/, '');
  const binary = unit.endsWith('I');
  const power = ' KMGT'.indexOf((unit[0] ?? ' ') || ' ');
  return Math.round(Number(m[1]) * (binary ? 1024 : 1000) ** Math.max(power, 0));
}
