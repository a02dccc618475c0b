/** An image as the engine lists it (one per image id). */
export interface ImageSummary {
  id: string;
  parentId: string;
  repoTags: string[];
  repoDigests: string[];
  /** Unix seconds. */
  created: number;
  size: number;
  labels: Record<string, string>;
  /** As the engine lists them: -1 when it did not count (docker prints N/A). */
  sharedSize?: number;
  containers?: number;
  /** The containerd store's manifests of the image, when the list was asked for them (API 1.47+). */
  manifests?: ManifestSummary[];
}

/** One manifest of an image on the containerd store: a platform's image, or an attestation. */
export interface ManifestSummary {
  id: string;
  kind: 'image' | 'attestation' | 'unknown';
  available: boolean;
  /** Bytes of content and unpacked snapshots. */
  total: number;
  /** Bytes in the content store. */
  content: number;
  /** `linux/amd64` (containerd's platforms.Format), `unknown` without an os. */
  platform: string;
  inUse: boolean;
}

/** One row of the Images pane: one per tag; untagged images are one `<none>` row. */
export interface ImageRow {
  key: string;
  id: string;
  shortId: string;
  repository: string;
  tag: string;
  /** `repo:tag`, or null for `<none>` rows. */
  ref: string | null;
  created: number;
  size: number;
  containers: number;
  labels: Record<string, string>;
  dangling: boolean;
}

export const NONE = '<none>';

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Splits `repo:tag` at the last colon that is not part of a registry port. */
export function splitRepoTag(ref: string): { repository: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: NONE };
}

function repoFromDigest(digest: string): string {
  const at = digest.indexOf('@');
  return at > 0 ? digest.slice(0, at) : NONE;
}

export function toRows(images: ImageSummary[], containersByImage: Map<string, number>): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const image of images) {
    const short = shortId(image.id);
    const containers = containersByImage.get(image.id) ?? 0;
    // one literal of one shape per row (no spread): a start with a thousand tags makes them all
    const row = (key: string, repository: string, tag: string, ref: string | null, dangling: boolean): ImageRow => ({
      id: image.id,
      shortId: short,
      created: image.created,
      size: image.size,
      containers,
      labels: image.labels,
      key,
      repository,
      tag,
      ref,
      dangling,
    });
    let tagged = false;
    for (const ref of image.repoTags) {
      if (ref === '<none>:<none>') continue;
      tagged = true;
      const { repository, tag } = splitRepoTag(ref);
      rows.push(row(`${image.id}|${ref}`, repository, tag, ref, false));
    }
    if (!tagged) rows.push(row(image.id, image.repoDigests.length > 0 ? repoFromDigest(image.repoDigests[0]) : NONE, NONE, null, true));
  }
  return rows;
}

/** What identifies a row to the user and to commands: its reference, else its short id. */
export function rowName(row: ImageRow): string {
  return row.ref ?? row.shortId;
}
