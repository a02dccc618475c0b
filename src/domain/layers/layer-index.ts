import type { LayerEntry } from './layer-entry.js';

export const LAYER_INDEX_VERSION = 1;

export interface IndexedLayer {
  /** diff id (docker-archive) or blob digest (OCI). */
  digest: string;
  /** Where the layer sits in the image export, to read a file back out of it. */
  archivePath: string;
  entries: LayerEntry[];
  /**
   * The entries' contents digests (LayerEntry.digest), in their order, joined by NUL; '' for an
   * entry that is not a regular file with contents. Kept as one string: split, 100,000 of them
   * doubled the time to reopen an index from the cache. `withDigests` puts them on the entries.
   */
  fileDigests?: string;
}

/** A layer's entries and their contents digests (IndexedLayer). */
export type ScannedLayer = Pick<IndexedLayer, 'entries' | 'fileDigests'>;

/** The layer's contents digests, one per entry ('' for none); null when it has none or they do not line up with its entries. */
export function fileDigestList(layer: ScannedLayer): string[] | null {
  if (layer.entries.length === 0 || !layer.fileDigests) return null;
  const digests = layer.fileDigests.split('\0');
  return digests.length === layer.entries.length ? digests : null;
}

/** The layer's entries, each regular file with its contents digest; as they are without digests that line up. */
export function withDigests(layer: ScannedLayer): LayerEntry[] {
  const digests = fileDigestList(layer);
  if (!digests) return layer.entries;
  return layer.entries.map((e, i) => (digests[i] ? { ...e, digest: digests[i] } : e));
}

export interface IndexedStep {
  createdBy: string;
  created?: string;
  /** Made no layer (ENV, CMD …). */
  empty: boolean;
}

/** Everything the Layers pane and `imgsh layers` need, read once from the image export. */
export interface LayerIndex {
  version: number;
  imageId: string;
  format: 'docker' | 'oci';
  /** The platform read of a multi-platform image (`linux/arm64`); absent for a one-platform image. */
  platform?: string;
  layers: IndexedLayer[];
  /** Oldest first; the non-empty steps map to `layers` in order. */
  history: IndexedStep[];
}

export interface StepWithLayer extends IndexedStep {
  /** Index into `layers`, or null for an empty step (or one with no layer left to map). */
  layer: number | null;
}

/** Non-empty history steps ↔ layers, in order. */
export function stepsWithLayers(index: Pick<LayerIndex, 'history' | 'layers'>): StepWithLayer[] {
  let next = 0;
  const steps = index.history.map((h) => ({ ...h, layer: !h.empty && next < index.layers.length ? next++ : null }));
  // Archives without history (or with fewer steps) still show every layer.
  for (; next < index.layers.length; next++) steps.push({ createdBy: '', empty: false, layer: next });
  return steps;
}

/** `REF:/path` → its two halves, or null when there is no `:/`. */
export function splitImagePath(text: string): { ref: string; path: string } | null {
  const at = text.indexOf(':/');
  if (at <= 0) return null;
  return { ref: text.slice(0, at), path: text.slice(at + 1) };
}

/** A path inside the image, relative to its root; null when it tries to climb out with `..`. */
export function imagePath(path: string): string | null {
  const parts = path.split('/').filter((p) => p && p !== '.');
  if (parts.includes('..')) return null;
  return parts.join('/');
}
