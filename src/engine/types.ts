import type { Platform } from '../domain/images/platform.js';
import type { DiskUsage, EngineCapabilities, EngineEvent, EngineVersion, HistoryEntry, ImageDetails } from '../domain/images/details.js';
import type { Endpoint } from '../domain/connection/endpoint.js';
import type { ImageSummary } from '../domain/images/image.js';
import type { PruneRules } from '../domain/images/prune-filter.js';
import type { ImageRef } from '../domain/images/ref.js';
import type { RemovalState } from '../domain/images/removal.js';
import type { Cancellable } from './transport/channel.js';
import type {
  BuildHooks,
  BuildOptions,
  BuildResult,
  CommitOptions,
  HubResult,
  SearchOptions,
  LoadProgress,
  LoadResult,
  PruneReport,
  PullResult,
  PushResult,
  RemoveResult,
  ShellRequest,
  ShellResult,
  TransferOptions,
} from './operation-types.js';

export interface ListImagesOptions {
  all?: boolean;
  /** Engine filters, as `filtersToQuery` makes them. */
  filters?: Record<string, string[]>;
  /** Each image's manifests (API 1.47+, the containerd store: its platforms). */
  manifests?: boolean;
}

export type { EngineEvent };

export type { Cancellable };

export type { EngineCapabilities };

export interface PlatformOption {
  platform?: Platform;
}

/**
 * The engine as the rest of imgsh sees it: reads on a pooled connection, every operation on one
 * request layer (stream.ts) with one error mapping, AbortSignal cancellation and one timeout
 * policy. Operations load their code when first used, so the start path stays small.
 */
export interface Engine {
  readonly endpoint: Endpoint;
  version(): Promise<EngineVersion>;
  /** Asked once per engine (a second call shares the first answer). */
  capabilities(): Promise<EngineCapabilities>;
  listImages(opts?: ListImagesOptions): Promise<ImageSummary[]>;
  /** Number of containers (running or not) per image id. */
  containerCounts(): Promise<Map<string, number>>;
  /** With a platform: that platform's image of a multi-platform one (PlatformError where the engine cannot pick). */
  inspectImage(ref: string, opts?: PlatformOption): Promise<ImageDetails>;
  /** The inspect document as the engine wrote it (JSON text), for docker's `inspect` output. */
  inspectDocument(ref: string, opts?: PlatformOption): Promise<string>;
  history(ref: string, opts?: PlatformOption): Promise<HistoryEntry[]>;
  diskUsage(): Promise<DiskUsage>;
  /** Image and container events from now on. */
  events(): Cancellable<EngineEvent>;
  pull(ref: ImageRef, opts: TransferOptions & { platform?: string }): Promise<PullResult>;
  /** `platform`: of a multi-platform image only that platform's manifest (API 1.46). */
  push(ref: ImageRef, opts: TransferOptions & { platform?: Platform }): Promise<PushResult>;
  /** Tags SOURCE (a reference or an id) as TARGET. */
  tag(source: string, target: ImageRef): Promise<{ id: string; target: string }>;
  remove(ref: string, opts: { force: boolean; noPrune: boolean; platforms?: Platform[] }): Promise<RemoveResult>;
  /** Images with the bytes they share, and containers: what a removal plan needs. */
  removalState(): Promise<RemovalState>;
  /** The engine's tar archive of `refs`, as a stream. */
  /** With a platform: that platform's image of each multi-platform one (PlatformError where the engine cannot pick). */
  save(refs: readonly string[], signal: AbortSignal, opts?: PlatformOption): Promise<NodeJS.ReadableStream>;
  load(source: NodeJS.ReadableStream, opts: { signal: AbortSignal; onProgress?(p: LoadProgress): void; platform?: Platform }): Promise<LoadResult>;
  prune(rules: PruneRules, signal: AbortSignal): Promise<PruneReport>;
  /** The legacy builder (an image per step, the failed step's container kept) or BuildKit. */
  build(opts: BuildOptions, hooks: BuildHooks, builder?: 'legacy' | 'buildkit'): Promise<BuildResult>;
  /** An interactive shell in an image (or a kept container) on this terminal; its container is removed after. */
  shell(req: ShellRequest): Promise<ShellResult>;
  /** Commits a container as an image with `changes` (Dockerfile lines); resolves with the image id. */
  commit(container: string, changes: string | string[], opts?: CommitOptions): Promise<string>;
  /** A kept shell's container (ShellRequest.keep) as an image with the configuration of `image`, the one it ran in; the container goes. */
  commitShell(container: string, image: string, opts?: CommitOptions, changes?: string[]): Promise<string>;
  /** Removes a kept shell's container. */
  dropShell(container: string): Promise<void>;
  /** Asks the engine to log in to a registry; resolves with the identity token it may hand out. */
  login(domain: string, username: string, password: string, signal: AbortSignal): Promise<{ identityToken: string | null }>;
  /** Docker Hub search, through the engine. */
  /** The engine's search: Docker Hub, or a registry's v1 index for `HOST/TERM` (docker search). */
  searchIndex(term: string, opts: SearchOptions): Promise<HubResult[]>;
  close(): void;
}
