// /system/df as imgsh's DiskUsage: the status bar's figure and `docker system df`'s rows.
import type { DiskUsage, DiskUsageRow } from '../../domain/images/details.js';
import type { DiskUsageItems } from '../../domain/images/disk-usage-items.js';
import { toImageSummary, type ApiImage } from './convert.js';

export interface ApiDiskUsage {
  LayersSize?: number;
  Images?: ApiImage[] | null;
  Containers?: ApiDfContainer[] | null;
  Volumes?: { Name?: string; Driver?: string; Scope?: string; Mountpoint?: string; Labels?: Record<string, string> | null; UsageData?: { Size?: number; RefCount?: number } | null }[] | null;
  BuildCache?: ApiCacheRecord[] | null;
}

interface ApiDfContainer {
  Id?: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  State?: string;
  Status?: string;
  SizeRw?: number;
  Labels?: Record<string, string> | null;
  Mounts?: { Name?: string; Source?: string; Driver?: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
  Ports?: { IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }[] | null;
  ImageManifestDescriptor?: { platform?: { architecture: string; os: string; variant?: string; 'os.version'?: string } } | null;
}

interface ApiCacheRecord {
  ID?: string;
  Type?: string;
  Size?: number;
  CreatedAt?: string;
  LastUsedAt?: string | null;
  Description?: string;
  Parents?: string[] | null;
  /** How engines up to at least 28.5 spell it: the Go field's JSON tag begins with a space. */
  ' Parents'?: string[] | null;
  /** Before API 1.42. */
  Parent?: string;
  UsageCount?: number;
  InUse?: boolean;
  Shared?: boolean;
}

/**
 * As `docker system df` computes it: everything minus the bytes that only images in use by
 * a container hold (Size − SharedSize of each such image).
 */
export function toDiskUsage(df: ApiDiskUsage): DiskUsage {
  const images = df.Images ?? [];
  const totalSize = df.LayersSize ?? 0;
  let used = 0;
  for (const i of images) {
    if (!i.Containers || i.Size === undefined || i.SharedSize === undefined) continue;
    if (i.Size < 0 || i.SharedSize < 0) continue;
    used += i.Size - i.SharedSize;
  }
  const reclaimable = Math.max(0, totalSize - used);
  return { imageCount: images.length, totalSize, reclaimable, rows: diskUsageRows(df, reclaimable), items: diskUsageItems(df) };
}

function diskUsageItems(df: ApiDiskUsage): DiskUsageItems {
  return {
    images: (df.Images ?? []).map(toImageSummary),
    containers: (df.Containers ?? []).map((c) => ({
      id: c.Id ?? '',
      names: c.Names ?? [],
      image: c.Image ?? '',
      imageId: c.ImageID ?? '',
      command: c.Command ?? '',
      created: c.Created ?? 0,
      status: c.Status ?? '',
      sizeRw: c.SizeRw ?? 0,
      state: c.State ?? '',
      labels: c.Labels ?? {},
      mounts: (c.Mounts ?? []).map((m) => ({ name: m.Name ?? '', source: m.Source ?? '', driver: m.Driver ?? '' })),
      networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
      ports: (c.Ports ?? []).map((p) => ({ ip: p.IP ?? '', privatePort: p.PrivatePort ?? 0, publicPort: p.PublicPort ?? 0, type: p.Type ?? '' })),
      platform: c.ImageManifestDescriptor?.platform ?? null,
    })),
    volumes: (df.Volumes ?? []).map((v) => ({
      name: v.Name ?? '',
      driver: v.Driver ?? '',
      scope: v.Scope ?? '',
      mountpoint: v.Mountpoint ?? '',
      labels: v.Labels ?? {},
      usage: v.UsageData ? { size: v.UsageData.Size ?? 0, refCount: v.UsageData.RefCount ?? 0 } : null,
    })),
    buildCache: (df.BuildCache ?? []).map((c) => ({
      id: c.ID ?? '',
      type: c.Type ?? '',
      size: c.Size ?? 0,
      createdAt: c.CreatedAt ?? '',
      lastUsedAt: c.LastUsedAt ?? null,
      description: c.Description ?? '',
      parents: c.Parents ?? c[' Parents'] ?? (c.Parent ? [c.Parent] : []),
      usageCount: c.UsageCount ?? 0,
      shared: c.Shared === true,
      inUse: c.InUse === true,
    })),
  };
}

/** The rows of `docker system df`, computed as docker's CLI computes them (formatter/disk_usage.go). */
function diskUsageRows(df: ApiDiskUsage, imagesReclaimable: number): DiskUsageRow[] {
  const images = df.Images ?? [];
  const containers = df.Containers ?? [];
  const active = (state = '') => /running|paused|restarting/.test(state);
  const volumes = (df.Volumes ?? []).map((v) => v.UsageData ?? {}).filter((u) => u.Size !== -1);
  const cache = df.BuildCache ?? [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const cacheSize = sum(cache.filter((c) => !c.Shared).map((c) => c.Size ?? 0));
  return [
    { type: 'Images', total: images.length, active: images.filter((i) => (i.Containers ?? 0) > 0).length, size: df.LayersSize ?? 0, reclaimable: imagesReclaimable, percent: true },
    {
      type: 'Containers',
      total: containers.length,
      active: containers.filter((c) => active(c.State)).length,
      size: sum(containers.map((c) => c.SizeRw ?? 0)),
      reclaimable: sum(containers.filter((c) => !active(c.State)).map((c) => c.SizeRw ?? 0)),
      percent: true,
    },
    {
      type: 'Local Volumes',
      total: (df.Volumes ?? []).length,
      active: (df.Volumes ?? []).filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
      size: sum(volumes.map((u) => u.Size ?? 0)),
      reclaimable: sum(volumes.filter((u) => (u.RefCount ?? 0) === 0).map((u) => u.Size ?? 0)),
      percent: true,
    },
    {
      type: 'Build Cache',
      total: cache.length,
      active: cache.filter((c) => c.InUse).length,
      size: cacheSize,
      reclaimable: cacheSize - sum(cache.filter((c) => c.InUse && !c.Shared).map((c) => c.Size ?? 0)),
      percent: false,
    },
  ];
}
