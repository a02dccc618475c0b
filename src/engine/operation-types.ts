// What the Engine's operations take and give (the Engine interface is in types.ts): kept apart
// from the modules that carry them out, so the interface names no implementation.
import type { ArchiveFormat } from '../domain/layers/archive-layout.js';
import type { BuildSnapshot } from '../domain/builds/build-steps.js';
import type { LayerReport, ProgressEvent } from '../domain/registry/layer-progress.js';
import type { ShellCommand } from '../domain/builds/shell-record.js';
import type { ContextSpec } from './builds/build-context.js';

export interface BuildOptions extends ContextSpec {
  tags: string[];
  target?: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  noCache: boolean;
  pull: boolean;
  network?: string;
}

export interface BuildHooks {
  signal: AbortSignal;
  /** Every change of the steps (throttle before drawing). */
  onUpdate?(snap: BuildSnapshot): void;
  /** Each line of the builder's output, as it comes (the one-shot log). */
  onText?(text: string): void;
  /** The Dockerfile being built, once read (the Build pane names each step's stage). */
  onDockerfile?(text: string): void;
}

export interface BuildResult {
  snapshot: BuildSnapshot;
  dockerfileText: string;
  dockerfilePath: string | null;
}

export interface ShellRequest {
  image: string;
  /** A static busybox image for layers without a shell (default: $IMGSH_TOOLBOX, else DEFAULT_TOOLBOX). */
  toolbox?: string;
  /** The command that failed, printed as the shell starts and put in $IMGSH_FAILED_CMD. */
  failedCmd?: string | null;
  /** Keep the shell's container when it ends (the app's `:commit` takes it); the caller removes it. */
  keep?: boolean;
}

export interface ShellResult {
  /** The shell's exit code. */
  code: number;
  /** What the user ran there, with each command's status (empty when the shell keeps no history). */
  commands: ShellCommand[];
  /** The stopped container, when it was kept. */
  container?: string;
}

export interface LoadProgress {
  /** Archive bytes sent to the engine so far. */
  sent: number;
  /** Layers the engine is registering, by short id: bytes done of total. */
  layers: Map<string, { current: number; total: number }>;
}

export interface LoadResult {
  /** `repo:tag` for tagged images, `sha256:…` for images loaded without a name. */
  loaded: string[];
  format?: ArchiveFormat;
}

export interface PruneReport {
  /** `{Untagged}` / `{Deleted}` records: deleted ids are images' and layers' alike. */
  entries: { Untagged?: string; Deleted?: string }[];
  reclaimed: number;
}

export interface PullResult {
  /** The reference pulled, as the engine lists it (`busybox:latest`). */
  ref: string;
  id: string;
}

export interface PushResult {
  ref: string;
  /** The manifest digest the registry now serves for the tag. */
  digest: string | null;
}

export interface HubResult {
  name: string;
  description: string;
  stars: number;
  official: boolean;
  automated: boolean;
}

export interface SearchOptions {
  limit?: number;
  /** The engine's search filters: stars, is-official, is-automated. */
  filters?: Record<string, string[]>;
  auth: string | null;
  signal: AbortSignal;
}

export interface RemoveResult {
  untagged: string[];
  deleted: string[];
}

export interface TransferOptions {
  /** The X-Registry-Auth value (registryAuthHeader), or null to send none. */
  auth: string | null;
  signal: AbortSignal;
  onProgress(report: LayerReport): void;
  /** Each line of the engine's progress stream, as it comes (docker prints them). */
  onEvent?(event: ProgressEvent): void;
  /** Every tag of the repository (docker's -a): the reference's tag is left out. */
  allTags?: boolean;
}

/** How docker commit names and describes the image (its -m, -a and -p, and the reference). */
export interface CommitOptions {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Pause the container while committing (the engine's default). */
  pause?: boolean;
}
