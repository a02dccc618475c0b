// What `docker system df -v` lists item by item, as /system/df returns it.
import type { ImageSummary } from './image.js';

export interface DiskUsageContainer {
  id: string;
  /** As the engine gives them: `/name`, and `/other/alias` for legacy links. */
  names: string[];
  image: string;
  imageId: string;
  command: string;
  /** Unix seconds. */
  created: number;
  /** `Exited (0) 2 minutes ago`: worded by the engine. */
  status: string;
  sizeRw: number;
  state: string;
  labels: Record<string, string>;
  mounts: { name: string; source: string; driver: string }[];
  /** Network names, in the engine's order. */
  networks: string[];
  ports: ContainerPort[];
  /** The platform of the image it runs (engines from API 1.48), as OCI spells it. */
  platform: { architecture: string; os: string; variant?: string; 'os.version'?: string } | null;
}

export interface ContainerPort {
  ip: string;
  privatePort: number;
  publicPort: number;
  type: string;
}

export interface DiskUsageVolume {
  name: string;
  driver: string;
  scope: string;
  mountpoint: string;
  labels: Record<string, string>;
  /** null: the engine did not count (docker prints N/A). */
  usage: { size: number; refCount: number } | null;
}

export interface DiskUsageCacheRecord {
  id: string;
  type: string;
  size: number;
  /** RFC 3339 with nanoseconds, as the engine gives it: the order docker lists them in needs them. */
  createdAt: string;
  lastUsedAt: string | null;
  description: string;
  parents: string[];
  usageCount: number;
  shared: boolean;
  inUse: boolean;
}

export interface DiskUsageItems {
  images: ImageSummary[];
  containers: DiskUsageContainer[];
  volumes: DiskUsageVolume[];
  buildCache: DiskUsageCacheRecord[];
}

/** An RFC 3339 time as nanoseconds since the epoch, for ordering times a millisecond apart. */
export function rfc3339Nanos(text: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(text);
  if (!m) return 0n;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return 0n;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0').slice(0, 9));
}

/** docker's order (formatter.buildCacheSort): never used first, then by last use, ties by ID. */
export function sortBuildCache(records: readonly DiskUsageCacheRecord[]): DiskUsageCacheRecord[] {
  const byId = (a: DiskUsageCacheRecord, b: DiskUsageCacheRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...records].sort((a, b) => {
    if (a.lastUsedAt === null || b.lastUsedAt === null) {
      if (a.lastUsedAt === b.lastUsedAt) return byId(a, b);
      return a.lastUsedAt === null ? -1 : 1;
    }
    const d = rfc3339Nanos(a.lastUsedAt) - rfc3339Nanos(b.lastUsedAt);
    return d === 0n ? byId(a, b) : d < 0n ? -1 : 1;
  });
}

/** Go's Time.String() of an RFC 3339 time, in the zone it was written in: `2026-12-05 14:12:44.439866257 +0000 UTC`. */
export function goTimeOfRfc3339(text: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return text;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const offset = m[4] === 'Z' ? '+0000 UTC' : `${m[4]!.replace(':', '')} ${m[4]!.replace(':', '')}`;
  return `${m[1]} ${m[2]}${fraction ? `.${fraction}` : ''} ${offset}`;
}
