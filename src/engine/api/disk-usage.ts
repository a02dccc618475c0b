// /system/df as imgsh's DiskUsage: the status bar's figure and `docker system df`'s rows.
import type { DiskUsage, DiskUsageRow } from '../../domain/images/details.js';
import type { ApiImage } from './convert.js';

export interface ApiDiskUsage {
  LayersSize?: number;
  Images?: ApiImage[] | null;
  Containers?: { SizeRw?: number; State?: string }[] | null;
  Volumes?: { UsageData?: { Size?: number; RefCount?: number } | null }[] | null;
  BuildCache?: { Size?: number; InUse?: boolean; Shared?: boolean }[] | null;
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
  return { imageCount: images.length, totalSize, reclaimable, rows: diskUsageRows(df, reclaimable) };
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
