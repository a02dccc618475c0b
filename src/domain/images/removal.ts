import { familiarName, familiarRef, parseRef } from './ref.js';

// What `rmi REF...` will do, worked out before anything is sent: untag or delete, the space it
// frees, the containers in the way. Follows the engine's rules (daemon/images/image_delete.go).

export interface ImageState {
  id: string;
  parentId: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  /** Bytes shared with other images (/system/df); -1 when unknown. */
  sharedSize: number;
}

export interface ContainerState {
  id: string;
  name: string;
  imageId: string;
  running: boolean;
}

export interface RemovalState {
  images: ImageState[];
  containers: ContainerState[];
  /**
   * The containerd image store: `rmi -f` of an image a stopped container uses only untags it, and
   * the image stays for the container (the classic store deletes it from under the container).
   */
  keepsUsedImages?: boolean;
}

export type ProblemKind = 'not-found' | 'several-tags' | 'stopped' | 'running' | 'children';

export interface RemovalStep {
  /** The reference as named. */
  ref: string;
  imageId: string | null;
  action: 'untag' | 'delete';
  /** Tags that go (one for an untag; all of them when an image is deleted). */
  untags: string[];
  /** Tags the image keeps (untag only). */
  remaining: string[];
  /** Space freed, at most (delete only). */
  bytes: number;
  containers: ContainerState[];
  /** Why the engine would refuse; nothing is sent for this ref. */
  problem: { kind: ProblemKind; message: string } | null;
  /** What stays true after a forced delete. */
  warnings: string[];
}

/** Plans each ref in turn, as if the earlier ones had been done (two tags of one image: untag, then delete). */
export function planRemovals(refs: readonly string[], initial: RemovalState, force: boolean): RemovalStep[] {
  let state = initial;
  return refs.map((ref) => {
    const step = planOne(ref, state, force);
    if (!step.problem) state = applyStep(state, step);
    return step;
  });
}

function findImage(ref: string, images: ImageState[]): { image: ImageState; tag: string | null } | null {
  let named: string | null = null;
  try {
    const parsed = parseRef(ref);
    named = parsed.digest ? `${familiarName(parsed)}@${parsed.digest}` : familiarRef(parsed);
  } catch {
    // not a name: maybe an id
  }
  if (named) {
    const image = images.find((i) => i.repoTags.includes(named!) || i.repoDigests.includes(named!));
    if (image) return { image, tag: named };
  }
  const hex = /^(?:sha256:)?([a-f0-9]+)$/.exec(ref)?.[1];
  if (!hex) return null;
  const hits = images.filter((i) => i.id.replace(/^sha256:/, '').startsWith(hex));
  return hits.length === 1 ? { image: hits[0], tag: null } : null;
}

function planOne(ref: string, state: RemovalState, force: boolean): RemovalStep {
  const found = findImage(ref, state.images);
  const step: RemovalStep = { ref, imageId: null, action: 'delete', untags: [], remaining: [], bytes: 0, containers: [], problem: null, warnings: [] };
  if (!found) return { ...step, problem: { kind: 'not-found', message: `no such image: ${ref}` } };
  const { image, tag } = found;
  step.imageId = image.id;
  step.containers = state.containers.filter((c) => c.imageId === image.id);
  const children = state.images.some((i) => i.parentId === image.id);
  if (tag !== null) {
    const remaining = image.repoTags.filter((t) => t !== tag);
    if (remaining.length > 0 || children) {
      return { ...step, action: 'untag', untags: [tag], remaining };
    }
  } else if (children) {
    return { ...step, problem: { kind: 'children', message: `cannot delete ${ref}: other images are built on it (delete them first)` } };
  } else if (image.repoTags.length > 1 && !force) {
    const message = `${ref} is referenced by several tags (${image.repoTags.join(', ')}): use -f to delete all its tags, or name one tag to untag it`;
    return { ...step, problem: { kind: 'several-tags', message } };
  }
  step.untags = image.repoTags;
  step.bytes = image.sharedSize > 0 ? Math.max(0, image.size - image.sharedSize) : image.size;
  const running = step.containers.find((c) => c.running);
  if (running) {
    const message = `cannot remove ${ref}: running container ${running.name} uses it — stop container ${running.name} first`;
    return { ...step, problem: { kind: 'running', message } };
  }
  const stopped = step.containers.map((c) => c.name);
  if (stopped.length && !force) {
    const names = stopped.join(', ');
    const what = state.keepsUsedImages
      ? `-f untags it; the image stays as long as container ${names} does`
      : `-f removes it anyway, leaving container ${names} pointing at a missing image`;
    return { ...step, problem: { kind: 'stopped', message: `${ref} is used by stopped container ${names}: ${what}` } };
  }
  if (stopped.length && state.keepsUsedImages) return { ...step, action: 'untag', bytes: 0, remaining: [] };
  step.warnings = stopped.map((n) => `container ${n} now points at a missing image`);
  return step;
}

function applyStep(state: RemovalState, step: RemovalStep): RemovalState {
  if (step.action === 'delete') return { ...state, images: state.images.filter((i) => i.id !== step.imageId) };
  const images = state.images.map((i) => (i.id === step.imageId ? { ...i, repoTags: step.remaining } : i));
  return { ...state, images };
}

/** The engine's 409 (and 404) texts for a ref, in plain words; null when there is nothing to add. */
export function explainRemoveError(ref: string, message: string, status: number): string | null {
  if (status === 404) return `no such image: ${ref}`;
  const running = /being used by running container (\w+)/.exec(message);
  if (running) return `cannot remove ${ref}: running container ${running[1]} uses it — stop container ${running[1]} first`;
  const stopped = /being used by stopped container (\w+)/.exec(message);
  if (stopped) {
    return `${ref} is used by stopped container ${stopped[1]}: -f removes it anyway, leaving container ${stopped[1]} pointing at a missing image`;
  }
  const using = /container (\w+) is using its referenced image/.exec(message);
  if (using) return `${ref} is used by container ${using[1]}: remove the container first, or -f to remove the image anyway`;
  if (/referenced in multiple repositories/.test(message)) {
    return `${ref} is referenced by several tags: use -f to delete all its tags, or name one tag to untag it`;
  }
  if (/dependent child images/.test(message)) return `cannot delete ${ref}: other images are built on it (delete them first)`;
  return null;
}
