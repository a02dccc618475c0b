// The rows `docker images` prints, as the docker CLI builds them (cli/command/formatter/image.go):
// one per repository and tag, digests beside the tags of their repository when asked for, a
// digest-only repository as its own row, a dangling image as one `<none>` row.
import { NONE, type ImageSummary } from './image.js';
import { familiarName, parseRef } from './ref.js';

export interface DockerImageRow {
  id: string;
  repository: string;
  tag: string;
  /** `<none>`, a digest, or empty (a digest-only row when digests are not shown). */
  digest: string;
  /** Unix seconds. */
  created: number;
  size: number;
  /** -1: not counted by the engine (N/A). */
  sharedSize: number;
  containers: number;
}

/** `digests`: the rows carry each tag's digests (`--digests`, or a format naming `.Digest`). */
export function dockerImageRows(images: readonly ImageSummary[], opts: { digests: boolean; digestRows: boolean }): DockerImageRow[] {
  const rows: DockerImageRow[] = [];
  for (const image of images) {
    const row = (repository: string, tag: string, digest: string): DockerImageRow => ({
      id: image.id,
      repository,
      tag,
      digest,
      created: image.created,
      size: image.size,
      sharedSize: image.sharedSize ?? -1,
      containers: image.containers ?? -1,
    });
    if (image.repoTags.length === 0 && image.repoDigests.length === 0) {
      rows.push(row(NONE, NONE, NONE));
      continue;
    }
    // docker walks Go maps here (an order that changes from run to run); imgsh keeps the engine's
    const tags = new Map<string, string[]>();
    const digests = new Map<string, string[]>();
    for (const t of image.repoTags) add(tags, t, (r) => r.tag);
    for (const d of image.repoDigests) add(digests, d, (r) => r.digest);
    for (const [repo, repoTags] of tags) {
      const repoDigests = opts.digests ? (digests.get(repo) ?? []) : [];
      digests.delete(repo);
      for (const tag of repoTags) {
        if (repoDigests.length === 0) rows.push(row(repo, tag, NONE));
        else for (const d of repoDigests) rows.push(row(repo, tag, d));
      }
    }
    for (const [repo, repoDigests] of digests) {
      if (opts.digestRows) for (const d of repoDigests) rows.push(row(repo, NONE, d));
      else rows.push(row(repo, NONE, ''));
    }
  }
  return rows;
}

function add(into: Map<string, string[]>, text: string, part: (r: ReturnType<typeof parseRef>) => string | null): void {
  let ref;
  try {
    ref = parseRef(text);
  } catch {
    return;
  }
  const value = part(ref);
  if (!value) return;
  const name = familiarName(ref);
  into.set(name, [...(into.get(name) ?? []), value]);
}
