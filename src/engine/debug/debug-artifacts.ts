import type { Endpoint } from '../../domain/connection/endpoint.js';
import {
  commitContainer,
  inspectContainer,
  inspectImageRaw,
  listContainers,
  listImagesRaw,
  removeContainerQuietly,
  removeImageQuietly as removeImage,
  renameContainer,
} from '../api/containers.js';
import { DEBUG_LABEL, debugLabelValue, isDeadRun } from './debug-labels.js';

/**
 * The failed step's container (kept by forcerm:false) is the state right after the failure.
 * It is kept as a container, renamed `imgsh-failed.<host>.<pid|failed>` so cleanup finds it,
 * and committed only while a shell runs in it: a committed image would be a child of the last
 * good layer with the failed step's config, which the legacy builder takes as a cache hit for
 * that very step (the next build of the same Dockerfile would "succeed" on the failed state).
 * Resolves with the container id.
 */
export async function keepFailedState(endpoint: Endpoint, containerId: string, label = debugLabelValue()): Promise<string> {
  try {
    await renameContainer(endpoint, containerId, failedContainerName(label));
    return containerId;
  } catch (err) {
    await removeContainerQuietly(endpoint, containerId);
    throw err;
  }
}

const FAILED_PREFIX = 'imgsh-failed.';

export function failedContainerName(label: string): string {
  const slash = label.lastIndexOf('/');
  return `${FAILED_PREFIX}${label.slice(0, slash)}.${label.slice(slash + 1)}`;
}

/** The debug label a kept failed container's name stands for, or null. */
export function labelOfFailedName(name: string): string | null {
  const n = name.replace(/^\//, '');
  if (!n.startsWith(FAILED_PREFIX)) return null;
  const rest = n.slice(FAILED_PREFIX.length);
  const dot = rest.lastIndexOf('.');
  return dot > 0 ? `${rest.slice(0, dot)}/${rest.slice(dot + 1)}` : null;
}

/** Commits a container as a temporary image labelled for this process (for a shell in it). */
export async function commitTemporary(endpoint: Endpoint, containerId: string, label = debugLabelValue()): Promise<string> {
  return commitContainer(endpoint, containerId, `LABEL ${DEBUG_LABEL}=${label}`);
}

/** Removes the debugger's containers and images: those of `which` runs (default: dead ones). */
export async function cleanDebugArtifacts(endpoint: Endpoint, which: (value: string) => boolean = isDeadRun): Promise<number> {
  const filters = { label: [DEBUG_LABEL] };
  let removed = 0;
  for (const c of await listContainers(endpoint, filters)) {
    if (!which(c.Labels?.[DEBUG_LABEL] ?? '')) continue;
    await removeContainerQuietly(endpoint, c.Id);
    removed++;
  }
  for (const c of await listContainers(endpoint, { name: [FAILED_PREFIX] })) {
    const label = labelOfFailedName(c.Names?.[0] ?? '');
    if (!label || !which(label)) continue;
    await removeContainerQuietly(endpoint, c.Id);
    removed++;
  }
  for (const img of await listImagesRaw(endpoint, filters)) {
    if (!which(img.Labels?.[DEBUG_LABEL] ?? '')) continue;
    await removeImage(endpoint, img.Id);
    removed++;
  }
  return removed;
}

/**
 * The images a debug session built (each step it ran, not the ones it found in the cache), in
 * the order they were made: removed newest first, so each is a leaf when its turn comes. Not
 * forced, and never one with a tag: someone tagged it meanwhile, or it is not the session's (the
 * containerd store deletes a tagged image by id without force, and has no parents to refuse it).
 */
export async function removeSessionImages(endpoint: Endpoint, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  for (const id of [...ids].reverse()) {
    const info = await inspectImageRaw<{ RepoTags?: string[] | null }>(endpoint, id);
    if (!info || (info.RepoTags ?? []).length > 0) continue;
    await removeImage(endpoint, id, { force: false });
  }
}

/** Everything this process made (on quit, after a test). */
export function cleanOwnArtifacts(endpoint: Endpoint): Promise<number> {
  const mine = debugLabelValue();
  return cleanDebugArtifacts(endpoint, (v) => v === mine);
}

/**
 * A one-shot build's failed state outlives the process (its shell command is printed): it is
 * named for `<host>/failed`, removed by the shell that opens it or by the next build.
 */
export function keptFailedLabel(): string {
  return debugLabelValue().replace(/\/\d+$/, '/failed');
}

/** The debug label of a kept failed container, or null (not one, or gone). */
export async function failedLabelOf(endpoint: Endpoint, id: string): Promise<string | null> {
  const info = await inspectContainer<{ Name?: string }>(endpoint, id);
  return info?.Name ? labelOfFailedName(info.Name) : null;
}

/** The debug label of an image, or null (not one of ours, or gone). */
export async function debugLabelOf(endpoint: Endpoint, image: string): Promise<string | null> {
  const info = await inspectImageRaw<{ Config?: { Labels?: Record<string, string> | null } }>(endpoint, image);
  return info?.Config?.Labels?.[DEBUG_LABEL] ?? null;
}
