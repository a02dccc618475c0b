// Sizes, durations and times as the docker CLI prints them (github.com/docker/go-units and Go's
// time.Time.String), so that imgsh's docker-form output matches it byte for byte.

import { formatFloat } from './go-template-strconv.js';

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** go-units HumanSizeWithPrecision: `403MB` (3 digits, `docker images`), `402.5MB` (4, HumanSize). */
export function humanSize(bytes: number, precision = 4): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < DECIMAL.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatFloat(size, 'g', precision)}${DECIMAL[i]}`;
}

/** go-units HumanDuration of `seconds`: `About a minute`, `51 minutes`, `16 hours`, `3 weeks`. */
export function humanDuration(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(seconds / 3600 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(seconds / 3600 / 24 / 365)} years`;
}

let localZone: string | undefined;
/**
 * This process's time zone, read once. Where it is UTC all year (offset 0 in January and July),
 * `UTC` without asking Intl: its first formatter costs ~20 ms of a one-shot command's start.
 */
function processZone(): string {
  const utc = [0, 6].every((month) => new Date(Date.UTC(2026, month, 1)).getTimezoneOffset() === 0);
  return (localZone ??= utc ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone);
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/Universal', 'Etc/Zulu', 'Universal', 'Zulu']);
const zoneFormats = new Map<string, { parts: Intl.DateTimeFormat; abbr: Intl.DateTimeFormat }>();

/** Go's time.Unix(s, 0).String() in this process's zone: `2026-12-05 13:19:28 +0000 UTC`. */
export function goTimeString(unixSeconds: number, timeZone = processZone()): string {
  const d = new Date(unixSeconds * 1000);
  // in UTC no Intl formatter is needed, and building the first one costs ~15 ms
  if (UTC_ZONES.has(timeZone)) return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
  let formats = zoneFormats.get(timeZone);
  if (!formats) {
    formats = {
      parts: new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'shortOffset' }),
      abbr: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }),
    };
    zoneFormats.set(timeZone, formats);
  }
  const parts = Object.fromEntries(formats.parts.formatToParts(d).map((p) => [p.type, p.value]));
  // "GMT", "GMT+1", "GMT-5:30" → +0000, +0100, -0530
  const m = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?/.exec(parts.timeZoneName ?? 'GMT')!;
  const offset = `${m[1] ?? '+'}${(m[2] ?? '0').padStart(2, '0')}${m[3] ?? '00'}`;
  const abbr = offset === '+0000' ? 'UTC' : (formats.abbr.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? offset);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset} ${abbr}`;
}

/** Go's time.Unix(s, 0).Format(time.RFC3339) in this process's zone: `2026-12-05T13:19:28Z`, `…+05:30`. */
export function goRfc3339(unixSeconds: number, timeZone = processZone()): string {
  const [date, time, offset] = goTimeString(unixSeconds, timeZone).split(' ');
  return `${date}T${time}${offset === '+0000' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(3)}`}`;
}
