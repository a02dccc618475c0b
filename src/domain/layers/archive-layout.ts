/** What an image archive's entries say about it, once all of them have been seen. */
export type ArchiveFormat = 'docker' | 'oci' | 'legacy';

export type LayoutVerdict =
  | { ok: true; format: ArchiveFormat }
  | { ok: false; problem: 'not-archive' | 'truncated'; detail: string; format?: ArchiveFormat };

export interface ArchiveEntries {
  /** Every entry name, without a leading `./` or trailing `/`. */
  names: ReadonlySet<string>;
  /** Contents of the small entries the check needs (manifest.json, index.json, small blobs). */
  small: ReadonlyMap<string, string>;
}

export function entryName(raw: string): string {
  return raw.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

const blobPath = (digest: unknown) =>
  typeof digest === 'string' && /^[a-z0-9]+:[a-f0-9]+$/.test(digest) ? `blobs/${digest.replace(':', '/')}` : null;

/**
 * Checks that the archive is one the engine can load whole: docker's manifest.json with every
 * config and layer it names, or an OCI index.json with its manifests, configs and layers.
 */
export function checkLayout({ names, small }: ArchiveEntries): LayoutVerdict {
  if (names.has('manifest.json')) return checkDockerManifest(names, small.get('manifest.json'));
  if (names.has('index.json')) return checkOciIndex(names, small);
  if (names.has('repositories')) return { ok: true, format: 'legacy' };
  return { ok: false, problem: 'not-archive', detail: 'it has no manifest.json or index.json' };
}

function checkDockerManifest(names: ReadonlySet<string>, text: string | undefined): LayoutVerdict {
  const entries = parse(text);
  if (!Array.isArray(entries)) return { ok: false, problem: 'truncated', detail: 'its manifest.json is not valid', format: 'docker' };
  for (const e of entries as { Config?: unknown; Layers?: unknown }[]) {
    const files = [e?.Config, ...(Array.isArray(e?.Layers) ? e.Layers : [])];
    for (const f of files) {
      if (typeof f !== 'string') return { ok: false, problem: 'truncated', detail: 'its manifest.json is not valid', format: 'docker' };
      if (!names.has(entryName(f))) return { ok: false, problem: 'truncated', detail: `${f} is missing`, format: 'docker' };
    }
  }
  return { ok: true, format: 'docker' };
}

function checkOciIndex(names: ReadonlySet<string>, small: ReadonlyMap<string, string>): LayoutVerdict {
  const missing = (detail: string): LayoutVerdict => ({ ok: false, problem: 'truncated', detail, format: 'oci' });
  const pending: unknown[] = [parse(small.get('index.json'))];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const doc = pending.pop() as { manifests?: unknown; config?: { digest?: unknown }; layers?: unknown } | undefined;
    if (!doc || typeof doc !== 'object') return missing('its index.json or a manifest in it is not valid');
    const refs = [
      ...(Array.isArray(doc.manifests) ? doc.manifests : []),
      ...(doc.config ? [doc.config] : []),
      ...(Array.isArray(doc.layers) ? doc.layers : []),
    ] as { digest?: unknown; mediaType?: unknown }[];
    for (const ref of refs) {
      const path = blobPath(ref?.digest);
      if (!path) return missing('its index.json or a manifest in it is not valid');
      if (!names.has(path)) return missing(`${path} is missing`);
      const isIndexOrManifest = Array.isArray(doc.manifests) && doc.manifests.includes(ref);
      // A manifest too big to have been kept is not followed: its own blobs go unchecked.
      if (isIndexOrManifest && !seen.has(path) && small.has(path)) {
        seen.add(path);
        pending.push(parse(small.get(path)));
      }
    }
  }
  return { ok: true, format: 'oci' };
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
