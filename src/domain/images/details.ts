import type { DiskUsageItems } from './disk-usage-items.js';
import type { Platform } from './platform.js';

/** What `inspect` tells about one image, trimmed to what the details view shows. */
export interface ImageDetails {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  size: number;
  architecture: string;
  os: string;
  variant?: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  workdir: string;
  user: string;
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
  layers: string[];
  /** A multi-platform image on the containerd store: the platforms it holds (attestations left out). */
  platforms?: (Platform & { available: boolean })[];
}

/** One history entry, newest first as the engine gives them. */
export interface HistoryEntry {
  id: string;
  created: number;
  createdBy: string;
  size: number;
  comment: string;
  tags: string[];
  /** A metadata-only step (ENV, CMD …) that made no filesystem layer. */
  empty: boolean;
}

/** `/bin/sh -c #(nop)  CMD ["sh"]` → `CMD ["sh"]`; `/bin/sh -c apk add` → `RUN apk add`. */
export function cleanCreatedBy(createdBy: string): string {
  let s = createdBy.trim();
  // a RUN with build arguments: `|2 A=1 B=2 /bin/sh -c …` (the legacy builder's record of them)
  if (/^\|\d+ /.test(s)) {
    const sh = s.indexOf(' /bin/sh -c ');
    if (sh > 0) s = s.slice(sh + 1);
  }
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(s);
  if (nop) return s.slice(nop[0].length).trim();
  const run = /^\/bin\/sh -c\s+/.exec(s);
  if (run) return `RUN ${s.slice(run[0].length)}`;
  return s;
}

export interface DiskUsage {
  imageCount: number;
  totalSize: number;
  reclaimable: number;
  /** docker system df's rows: images, containers, local volumes, build cache. */
  rows: DiskUsageRow[];
  /** docker system df -v's items. */
  items: DiskUsageItems;
}

export interface DiskUsageRow {
  type: 'Images' | 'Containers' | 'Local Volumes' | 'Build Cache';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
  /** docker prints the reclaimable share of the size beside it (not for the build cache) */
  percent: boolean;
}

/** What an engine can do, found once at connect: the app says what is missing instead of failing on an API error. */
export interface EngineCapabilities {
  apiVersion: string;
  product: 'docker' | 'podman';
  /** Docker's containerd image store (image ids are manifest digests, save writes OCI layouts). */
  containerdStore: boolean;
  /** The engine builds with BuildKit (`/build?version=2` and a session). */
  buildkit: boolean;
  /** Inspect, history and save take a platform, and list a multi-platform image's manifests (containerd store, API 1.48+). */
  platforms: boolean;
}

export interface EngineVersion {
  /** "Docker" or "Podman" (its Docker-compatible API); absent means Docker */
  product?: string;
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

/** A change the engine reported; the store reloads on these. */
export interface EngineEvent {
  type: string;
  action: string;
  id: string;
  /** Unix seconds. */
  time: number;
  /** The actor's `name` attribute: the image ref for tag/untag/pull, the container name. */
  name?: string;
}
