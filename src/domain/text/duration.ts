/** A point in time as the engine compares them: Unix seconds plus nanoseconds. */
export interface Instant {
  seconds: number;
  nanos: number;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5
  'μs': 1e-3, // U+03BC
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000, // not Go's: `7d` is what people type
};

/**
 * A duration in Go's `time.ParseDuration` syntax, which the engine uses for `until`
 * (`24h`, `30m`, `1h30m`, `1.5h`, `-5m`), plus `d` for days. Milliseconds, or null.
 */
export function parseDuration(text: string): number | null {
  const m = /^([-+]?)((?:\d*\.?\d*[a-zµμ]+)+)$/.exec(text);
  if (!m) return text === '0' ? 0 : null;
  let total = 0;
  for (const part of m[2].matchAll(/(\d*\.?\d*)([a-zµμ]+)/g)) {
    const [, num, unit] = part;
    if (num === '' || num === '.' || !(unit in UNIT_MS)) return null;
    total += Number(num) * UNIT_MS[unit];
  }
  return m[1] === '-' ? -total : total;
}

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/;

/**
 * An RFC 3339-like time as the engine reads `until`: `2024-01-31`, `2024-01-31T15:04`,
 * `2024-01-31T15:04:05.123Z`, `…+02:00`. Without a zone it is local time (here, not the engine's).
 */
export function parseDate(text: string): Instant | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const zone = m[8];
  let ms: number;
  if (zone === undefined) {
    ms = new Date(y, mo - 1, d, h, mi, s).getTime();
  } else {
    ms = Date.UTC(y, mo - 1, d, h, mi, s);
    if (zone !== 'Z' && zone !== 'z') {
      const sign = zone[0] === '-' ? -1 : 1;
      ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
    }
  }
  if (!Number.isFinite(ms)) return null;
  return { seconds: Math.floor(ms / 1000), nanos: Number((m[7] ?? '').padEnd(9, '0')) };
}

/** `1700000000` or `1700000000.5`: Unix seconds, as the engine accepts them. */
function parseUnix(text: string): Instant | null {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  return m ? { seconds: Number(m[1]), nanos: Number((m[2] ?? '').padEnd(9, '0')) } : null;
}

/**
 * The `until` filter made absolute: durations count back from `nowMs` (the engine's clock,
 * whole seconds as the engine does it). Throws with a message that says what to type.
 */
export function parseUntil(text: string, nowMs: number): Instant {
  const duration = text === '0' ? null : parseDuration(text);
  if (duration !== null) return { seconds: Math.floor((nowMs - duration) / 1000), nanos: 0 };
  const at = parseUnix(text) ?? parseDate(text);
  if (at) return at;
  throw new Error(
    `bad until "${text}": use a duration (24h, 30m, 1h30m, 7d) or a time (2024-01-31, 2024-01-31T15:04:05Z, Unix seconds)`,
  );
}

/** The engine's own notation for an instant: `seconds.nanoseconds`. */
export function formatInstant(t: Instant): string {
  return `${t.seconds}.${String(t.nanos).padStart(9, '0')}`;
}

export function isAfter(a: Instant, b: Instant): boolean {
  return a.seconds > b.seconds || (a.seconds === b.seconds && a.nanos > b.nanos);
}
