import type { EngineCapabilities, EngineEvent, EngineVersion, HistoryEntry, ImageDetails } from '../../domain/images/details.js';
import type { ImageSummary, ManifestSummary } from '../../domain/images/image.js';

// Engine API JSON, as far as we read it. Anything may be missing or null on odd images.

export interface ApiImage {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: number;
  Size?: number;
  SharedSize?: number;
  Containers?: number;
  Labels?: Record<string, string> | null;
  Manifests?: ApiManifestSummary[] | null;
}

interface ApiManifestSummary {
  ID?: string;
  Kind?: string;
  Available?: boolean;
  Size?: { Total?: number; Content?: number };
  ImageData?: { Platform?: { os?: string; architecture?: string; variant?: string }; Containers?: string[] | null };
}

function toManifestSummary(m: ApiManifestSummary): ManifestSummary {
  const p = m.ImageData?.Platform;
  return {
    id: m.ID ?? '',
    kind: m.Kind === 'image' || m.Kind === 'attestation' ? m.Kind : 'unknown',
    available: m.Available === true,
    total: m.Size?.Total ?? 0,
    content: m.Size?.Content ?? 0,
    platform: p?.os ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown',
    inUse: (m.ImageData?.Containers?.length ?? 0) > 0,
  };
}

export interface ApiInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: string;
  Size?: number;
  Architecture?: string;
  Os?: string;
  Variant?: string;
  Config?: {
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Env?: string[] | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Volumes?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
  } | null;
  RootFS?: { Layers?: string[] | null } | null;
  /** With `manifests=1` on the containerd store (API 1.48+): one per platform and attestation. */
  Manifests?: { Kind?: string; Available?: boolean; Size?: { Total?: number }; Descriptor?: { platform?: { os?: string; architecture?: string; variant?: string } } }[] | null;
}

export interface ApiHistory {
  Id: string;
  Created?: number;
  CreatedBy?: string;
  Size?: number;
  Comment?: string;
  Tags?: string[] | null;
}

export interface ApiVersion {
  Components?: { Name?: string }[];
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
}

export interface ApiInfo {
  DriverStatus?: [string, string][] | null;
}

export interface ApiEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> | null };
  time?: number;
}

const NONE_TAG = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';

export function toImageSummary(i: ApiImage): ImageSummary {
  return {
    id: i.Id,
    parentId: i.ParentId ?? '',
    repoTags: (i.RepoTags ?? []).filter((t) => t !== NONE_TAG),
    repoDigests: (i.RepoDigests ?? []).filter((d) => d !== NONE_DIGEST),
    created: i.Created ?? 0,
    size: i.Size ?? 0,
    labels: i.Labels ?? {},
    sharedSize: i.SharedSize ?? -1,
    containers: i.Containers ?? -1,
    ...(i.Manifests ? { manifests: i.Manifests.map(toManifestSummary) } : {}),
  };
}

/** The size `docker images` shows on the containerd store: every manifest's total (content and unpacked), attestations too. */
export function listedSize(i: ApiInspect): number | undefined {
  const totals = (i.Manifests ?? []).map((m) => m.Size?.Total);
  return totals.length > 0 && totals.every((t) => typeof t === 'number') ? (totals as number[]).reduce((a, b) => a + b, 0) : undefined;
}

export function toImageDetails(i: ApiInspect): ImageDetails {
  const c = i.Config ?? {};
  const details: ImageDetails = {
    id: i.Id,
    repoTags: i.RepoTags ?? [],
    repoDigests: i.RepoDigests ?? [],
    created: i.Created ?? '',
    size: i.Size ?? 0,
    architecture: i.Architecture ?? '',
    os: i.Os ?? '',
    entrypoint: c.Entrypoint ?? null,
    cmd: c.Cmd ?? null,
    env: c.Env ?? [],
    workdir: c.WorkingDir ?? '',
    user: c.User ?? '',
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    volumes: Object.keys(c.Volumes ?? {}),
    labels: c.Labels ?? {},
    layers: i.RootFS?.Layers ?? [],
  };
  if (i.Variant) details.variant = i.Variant;
  const platforms = (i.Manifests ?? [])
    .filter((m) => m.Kind === 'image' && m.Descriptor?.platform?.os && m.Descriptor.platform.architecture)
    .map((m) => {
      const { os, architecture, variant } = m.Descriptor!.platform!;
      return { os: os!, architecture: architecture!, ...(variant ? { variant } : {}), available: m.Available !== false };
    });
  if (platforms.length > 0) details.platforms = platforms;
  return details;
}

/** `createdBy` stays raw (cleanCreatedBy is for display); a step that added no bytes is `empty`. */
export function toHistoryEntry(h: ApiHistory): HistoryEntry {
  const size = h.Size ?? 0;
  return {
    id: h.Id,
    created: h.Created ?? 0,
    createdBy: h.CreatedBy ?? '',
    size,
    comment: h.Comment ?? '',
    tags: h.Tags ?? [],
    empty: size === 0,
  };
}

export function toEngineVersion(v: ApiVersion): EngineVersion {
  const podman = (v.Components ?? []).some((c) => /podman/i.test(c.Name ?? ''));
  return { product: podman ? 'Podman' : 'Docker', version: v.Version ?? '', apiVersion: v.ApiVersion ?? '', os: v.Os ?? '', arch: v.Arch ?? '' };
}

/** The API that takes `platform` on inspect, history and save, and lists an image's manifests. */
export const PLATFORMS_API = '1.48';

/** API versions compare as numbers per part (1.9 < 1.10). */
export function apiAtLeast(version: string, min: string): boolean {
  const [a1, a2] = version.split('.').map(Number);
  const [b1, b2] = min.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

/** The containerd store says so in /info's DriverStatus; BuildKit is in every Docker since API 1.39 (18.09), never in Podman. */
export function toCapabilities(v: ApiVersion, info: ApiInfo | null): EngineCapabilities {
  const version = toEngineVersion(v);
  const podman = version.product === 'Podman';
  const containerdStore = (info?.DriverStatus ?? []).some(([k, val]) => k === 'driver-type' && /containerd\.snapshotter/.test(val));
  return {
    apiVersion: version.apiVersion,
    product: podman ? 'podman' : 'docker',
    containerdStore,
    buildkit: !podman && apiAtLeast(version.apiVersion, '1.39'),
    platforms: !podman && containerdStore && apiAtLeast(version.apiVersion, PLATFORMS_API),
  };
}

export function toEngineEvent(e: ApiEvent): EngineEvent {
  const event: EngineEvent = {
    type: e.Type ?? '',
    action: e.Action ?? e.status ?? '',
    id: e.Actor?.ID ?? e.id ?? '',
    time: e.time ?? 0,
  };
  const name = e.Actor?.Attributes?.name;
  if (name) event.name = name;
  return event;
}

/** Containers per image id, from `/containers/json?all=1`. */
export function countByImage(containers: { ImageID?: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of containers) {
    if (!c.ImageID) continue;
    counts.set(c.ImageID, (counts.get(c.ImageID) ?? 0) + 1);
  }
  return counts;
}
