import { hostPlatform, samePlatform, type Platform } from '../images/platform.js';
import type { IndexedStep } from './layer-index.js';

/** Which archive entries are the image's layers, bottom first, and its history. */
export interface ImageLayout {
  format: 'docker' | 'oci';
  /** The image config's digest (what the engine calls the image id), when the archive says. */
  imageId?: string;
  layers: { archivePath: string; digest: string }[];
  history: IndexedStep[];
}

const blobPath = (digest: unknown) =>
  typeof digest === 'string' && /^[a-z0-9]+:[a-f0-9]+$/.test(digest) ? `blobs/${digest.replace(':', '/')}` : null;

/** `sha256:HEX` from a config's name in a docker-archive (`HEX.json` or `blobs/sha256/HEX`). */
function configDigest(name: unknown): string | undefined {
  const m = typeof name === 'string' ? /^(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.json)?$/.exec(name) : null;
  return m ? `sha256:${m[1]}` : undefined;
}

function parse(text: string | undefined): any {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface ImageConfig {
  rootfs?: { diff_ids?: unknown };
  history?: { created_by?: unknown; created?: unknown; empty_layer?: unknown }[];
}

function historyOf(config: ImageConfig | undefined): IndexedStep[] {
  if (!Array.isArray(config?.history)) return [];
  return config.history.map((h) => ({
    createdBy: typeof h?.created_by === 'string' ? h.created_by : '',
    ...(typeof h?.created === 'string' ? { created: h.created } : {}),
    empty: h?.empty_layer === true,
  }));
}

/** Reads the layout from the archive's small JSON files; an error says what is missing. */
export function resolveLayout(small: ReadonlyMap<string, string>): ImageLayout | { error: string } {
  if (small.has('manifest.json')) {
    const manifest = parse(small.get('manifest.json'));
    const first = Array.isArray(manifest) ? manifest[0] : undefined;
    if (!first || !Array.isArray(first.Layers)) return { error: 'its manifest.json is not valid' };
    const config = parse(small.get(String(first.Config))) as ImageConfig | undefined;
    const diffIds = Array.isArray(config?.rootfs?.diff_ids) ? (config!.rootfs!.diff_ids as string[]) : [];
    const imageId = configDigest(first.Config);
    return {
      format: 'docker',
      ...(imageId ? { imageId } : {}),
      layers: (first.Layers as string[]).map((p, i) => ({ archivePath: p, digest: diffIds[i] ?? p })),
      history: historyOf(config),
    };
  }
  if (small.has('index.json')) {
    let doc = parse(small.get('index.json'));
    // An index may point at another index (multi-platform): follow it down to this machine's image.
    for (let depth = 0; depth < 4 && Array.isArray(doc?.manifests); depth++) {
      const path = blobPath(pickManifest(doc.manifests)?.digest);
      doc = path ? parse(small.get(path)) : undefined;
    }
    if (!doc || !Array.isArray(doc.layers)) return { error: 'its index.json does not lead to an image manifest' };
    const configPath = blobPath(doc.config?.digest);
    const layers = (doc.layers as { digest?: unknown }[]).map((l) => ({ archivePath: blobPath(l.digest) ?? '', digest: String(l.digest) }));
    if (layers.some((l) => !l.archivePath)) return { error: 'its manifest names a layer with a bad digest' };
    const imageId = typeof doc.config?.digest === 'string' ? (doc.config.digest as string) : undefined;
    return { format: 'oci', ...(imageId ? { imageId } : {}), layers, history: historyOf(configPath ? parse(small.get(configPath)) : undefined) };
  }
  return { error: 'it has no manifest.json or index.json' };
}

type IndexEntry = { digest?: unknown; platform?: { os?: unknown; architecture?: unknown; variant?: unknown } };

/** Of an index's entries: this machine's platform, else the first that is not an attestation (unknown/unknown). */
export function pickManifest(entries: IndexEntry[], host: Platform = hostPlatform()): IndexEntry | undefined {
  const images = entries.filter((e) => e?.platform?.os !== 'unknown');
  const mine = images.find((e) => {
    const p = e?.platform;
    return typeof p?.os === 'string' && typeof p.architecture === 'string' && samePlatform({ os: p.os, architecture: p.architecture, ...(typeof p.variant === 'string' ? { variant: p.variant } : {}) }, host);
  });
  return mine ?? images[0] ?? entries[0];
}
