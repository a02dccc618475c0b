import { isAfter, type Instant } from '../text/duration.js';
import { matchesLabels, type PruneRules } from './prune-filter.js';

/** An image as the prune rules see it (from `/images/json?all=1`, refined by inspect). */
export interface PlanImage {
  id: string;
  parentId: string;
  /** Tags (`repo:tag`) and digests (`repo@sha256:…`), as the engine lists them. */
  refs: string[];
  created: Instant;
  /** Null: the image has no config (the engine then ignores label filters for it). */
  labels: Record<string, string> | null;
  size: number;
}

export interface PlanInput {
  images: readonly PlanImage[];
  /** Ids of images some container (running or stopped) was made from. */
  inUse: ReadonlySet<string>;
  /** The containerd image store: deleting an image never goes on to its parent (its build steps). */
  keepsParents?: boolean;
}

export interface PrunePlan {
  /** Images the engine will delete (it goes through them in no set order). */
  deleted: PlanImage[];
  /** References it will remove, including those of deleted images. */
  untagged: string[];
  /** Images deleted only because their last child went: id -> that child's id. */
  parentOf: Map<string, string>;
}

const isDigest = (ref: string) => ref.includes('@');
const repoOf = (ref: string) => {
  const at = ref.indexOf('@');
  if (at >= 0) return ref.slice(0, at);
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
};

/** Docker's isSingleReference: at most one tag, and all digests of that tag's repository. */
function isSingleReference(refs: readonly string[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  const tags = refs.filter((r) => !isDigest(r));
  if (tags.length > 1) return false;
  const digestRepos = new Set(refs.filter(isDigest).map(repoOf));
  const single = tags[0] ?? refs[0];
  return digestRepos.size === 1 && digestRepos.has(repoOf(single));
}

/**
 * What the engine's image prune will do, worked out the way the engine does it (moby
 * daemon/images/image_prune.go and image_delete.go, unchanged from 20.10 to 24): candidates,
 * then for each one untag / delete, parents pruned after their last child.
 */
export function planPrune(input: PlanInput, rules: PruneRules): PrunePlan {
  const byId = new Map(input.images.map((i) => [i.id, i]));
  const refs = new Map(input.images.map((i) => [i.id, [...i.refs].sort()]));
  const children = new Map<string, Set<string>>();
  for (const i of input.images) {
    if (i.parentId && byId.has(i.parentId)) {
      if (!children.has(i.parentId)) children.set(i.parentId, new Set());
      children.get(i.parentId)!.add(i.id);
    }
  }
  const childCount = (id: string) => children.get(id)?.size ?? 0;
  // the containerd store prunes every untagged image, build steps included: a child holds nothing there
  const heldByChild = (id: string) => !input.keepsParents && childCount(id) > 0;
  const plan: PrunePlan = { deleted: [], untagged: [], parentOf: new Map() };

  // Candidates are fixed before anything is removed, as the engine snapshots its store.
  const candidates = input.images.filter((img) => {
    if (!rules.all && heldByChild(img.id)) return false; // dangling mode starts from heads
    if (img.refs.length === 0 && heldByChild(img.id)) return false; // intermediate layers
    if (rules.until && isAfter(img.created, rules.until)) return false;
    return matchesLabels(rules, img.labels);
  });

  const removeRef = (id: string, ref: string) => {
    refs.set(id, refs.get(id)!.filter((r) => r !== ref));
    plan.untagged.push(ref);
  };

  /** imageDeleteHelper: delete unless anything holds the image, then try its parent quietly. */
  const deleteImage = (id: string, child?: string): void => {
    if (!byId.has(id) || heldByChild(id) || input.inUse.has(id) || refs.get(id)!.length > 0) return;
    const img = byId.get(id)!;
    byId.delete(id);
    plan.deleted.push(img);
    if (child) plan.parentOf.set(id, child);
    if (img.parentId && children.has(img.parentId) && !input.keepsParents) {
      children.get(img.parentId)!.delete(id);
      deleteImage(img.parentId, id);
    }
  };

  /** ImageDelete by reference: untag, and delete the image when that was its last reference. */
  const deleteByRef = (id: string, ref: string): void => {
    const current = refs.get(id)!;
    if (!current.includes(ref)) return;
    if (isSingleReference(current) && input.inUse.has(id)) return; // conflict: must force
    removeRef(id, ref);
    if (!isDigest(ref)) {
      const repo = repoOf(ref);
      const tagLeft = refs.get(id)!.some((r) => !isDigest(r) && repoOf(r) === repo);
      if (!tagLeft) for (const r of refs.get(id)!.filter((r) => isDigest(r) && repoOf(r) === repo)) removeRef(id, r);
    }
    if (refs.get(id)!.length === 0) deleteImage(id);
  };

  for (const img of candidates) {
    if (!byId.has(img.id)) continue;
    const current = refs.get(img.id)!;
    if (current.length === 0) {
      deleteImage(img.id);
    } else if (rules.all || current.every(isDigest)) {
      for (const ref of [...current]) deleteByRef(img.id, ref);
    }
  }
  return plan;
}
