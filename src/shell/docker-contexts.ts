// What docker's templates see of an image, a volume and a build cache record (docker 28's
// cli/command/formatter: imageContext, volumeContext, buildCacheContext),
// each with the column titles docker's tables print over it.
import type { DockerImageRow } from '../domain/images/docker-image-rows.js';
import { goTimeOfRfc3339, type DiskUsageCacheRecord, type DiskUsageVolume } from '../domain/images/disk-usage-items.js';
import { goTimeString, humanDuration, humanSize } from '../domain/text/docker-units.js';
import { dockerContext } from './docker-format.js';

export const IMAGE_HEADERS = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
};

export const VOLUME_HEADERS = { Name: 'VOLUME NAME', Links: 'LINKS', Size: 'SIZE' };

export const CACHE_HEADERS = {
  ID: 'CACHE ID',
  CacheType: 'CACHE TYPE',
  Size: 'SIZE',
  CreatedSince: 'CREATED',
  LastUsedSince: 'LAST USED',
  UsageCount: 'USAGE',
  Shared: 'SHARED',
};

export const since = (unixSeconds: number) => `${humanDuration(Date.now() / 1000 - unixSeconds)} ago`;

/** docker's TruncateID: what follows the algorithm, 12 characters of it. */
export function truncateId(id: string): string {
  return id.slice(id.indexOf(':') + 1).slice(0, 12);
}

/** The unit texts an image's context shows; imageContexts hands each image's tags the same answers. */
interface Units {
  size(bytes: number, precision?: number): string;
  time(unixSeconds: number): string;
  since(unixSeconds: number): string;
}

const UNITS: Units = { size: humanSize, time: goTimeString, since };

export function imageContext(r: DockerImageRow, trunc: boolean, units: Units = UNITS) {
  return dockerContext('*formatter.imageContext', {
    Containers: () => (r.containers === -1 ? 'N/A' : String(r.containers)),
    CreatedAt: () => units.time(r.created),
    CreatedSince: () => (r.created === 0 ? '' : units.since(r.created)),
    Digest: () => r.digest,
    ID: () => (trunc ? truncateId(r.id) : r.id),
    Repository: () => r.repository,
    SharedSize: () => (r.sharedSize === -1 ? 'N/A' : units.size(r.sharedSize)),
    Size: () => units.size(r.size, 3),
    Tag: () => r.tag,
    UniqueSize: () => (r.size === -1 || r.sharedSize === -1 ? 'N/A' : units.size(r.size - r.sharedSize)),
    VirtualSize: () => units.size(r.size),
  });
}

/** Every row's context, each size and time worked out once for all the rows that show it (an image's tags share them). */
export function imageContexts(rows: readonly DockerImageRow[], trunc: boolean): object[] {
  const once = <A extends unknown[]>(fn: (...a: A) => string) => {
    const seen = new Map<string, string>();
    return (...a: A) => {
      const key = a.join(' ');
      let text = seen.get(key);
      if (text === undefined) seen.set(key, (text = fn(...a)));
      return text;
    };
  };
  const units: Units = { size: once(humanSize), time: once(goTimeString), since: once(since) };
  return rows.map((r) => imageContext(r, trunc, units));
}

export function volumeContext(v: DiskUsageVolume) {
  // cluster volumes (Swarm's Group, Availability, Status) are not read: N/A, as for a local one
  const context = dockerContext('*formatter.volumeContext', {
    Availability: () => 'N/A',
    Driver: () => v.driver,
    Group: () => 'N/A',
    // docker walks a Go map here: with several labels its order changes from run to run
    Labels: () => Object.entries(v.labels).map(([k, x]) => `${k}=${x}`).join(','),
    Links: () => (v.usage ? String(v.usage.refCount) : 'N/A'),
    Mountpoint: () => v.mountpoint,
    Name: () => v.name,
    Scope: () => v.scope,
    Size: () => (v.usage ? humanSize(v.usage.size) : 'N/A'),
    Status: () => 'N/A',
  });
  return Object.assign(context, { Label: (name: string) => v.labels[name] ?? '' });
}

export function buildCacheContext(c: DiskUsageCacheRecord, trunc: boolean) {
  const sinceText = (t: string) => since(Date.parse(t) / 1000);
  return dockerContext('*formatter.buildCacheContext', {
    CacheType: () => c.type,
    CreatedAt: () => goTimeOfRfc3339(c.createdAt),
    CreatedSince: () => sinceText(c.createdAt),
    Description: () => c.description,
    ID: () => `${trunc ? truncateId(c.id) : c.id}${c.inUse ? '*' : ''}`,
    InUse: () => String(c.inUse),
    LastUsedAt: () => (c.lastUsedAt === null ? '' : goTimeOfRfc3339(c.lastUsedAt)),
    LastUsedSince: () => (c.lastUsedAt === null ? '' : sinceText(c.lastUsedAt)),
    Parent: () => (trunc ? truncateId(c.parents.join(', ')) : c.parents.join(', ')),
    Shared: () => String(c.shared),
    Size: () => humanSize(c.size, 3),
    UsageCount: () => String(c.usageCount),
  });
}
