import { normalizedRef, parseRef } from './ref.js';

/** The name containerd gives an image it imports; it comes before `ref.name`. */
export const CONTAINERD_NAME = 'io.containerd.image.name';
const REF_NAME = 'org.opencontainers.image.ref.name';

/**
 * An OCI layout's index.json with each manifest named as docker names it. skopeo writes
 * `ref.name` as the user typed it (`user/app:1`); Docker 28's containerd store keeps that as
 * written, so the image is listed but no name finds it again (`docker load` does the same).
 * A manifest whose `ref.name` is a reference without its registry gets `io.containerd.image.name`
 * = `docker.io/user/app:1`. A bare tag (`1.0`, what the OCI spec has in mind) and a name that
 * already has its registry stay. Null when nothing changes (or the text is not an index).
 */
export function qualifyIndexNames(text: string): string | null {
  let index: { manifests?: unknown };
  try {
    index = JSON.parse(text);
  } catch {
    return null;
  }
  if (!index || !Array.isArray(index.manifests)) return null;
  let changed = false;
  for (const m of index.manifests as { annotations?: Record<string, unknown> }[]) {
    const annotations = m?.annotations;
    const name = annotations?.[REF_NAME];
    if (!annotations || typeof name !== 'string' || annotations[CONTAINERD_NAME] !== undefined) continue;
    // a bare tag has neither; `user/app` or `app:1` is a reference
    if (!/[/:@]/.test(name)) continue;
    let full: string;
    try {
      full = normalizedRef(parseRef(name));
    } catch {
      continue;
    }
    if (full === name) continue;
    annotations[CONTAINERD_NAME] = full;
    changed = true;
  }
  return changed ? JSON.stringify(index) : null;
}
