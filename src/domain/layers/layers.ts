import { createHash } from 'node:crypto';

/** An image's layers: chain ids (bottom first) and, where known, each layer's own size. */
export interface ImageLayers {
  chainIds: string[];
  sizes?: number[];
}

/** Layer chain ids from diff ids, as the engine's layer store names them (moby layer.CreateChainID). */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? diffId : `sha256:${createHash('sha256').update(`${prev} ${diffId}`).digest('hex')}`);
  }
  return out;
}

export interface HistoryStep {
  size: number;
  createdBy: string;
}

/**
 * Each layer's size from an image's history (oldest step first). The API does not say which
 * steps made a layer: a step with bytes did; among empty steps, metadata-only ones
 * (`#(nop) ENV …`) did not, unless the counts leave no choice.
 */
export function layerSizes(layerCount: number, steps: readonly HistoryStep[], imageSize: number): number[] {
  const sizes = new Array<number>(layerCount).fill(0);
  if (layerCount === 0) return sizes;
  let positivesLeft = steps.filter((s) => s.size > 0).length;
  let layer = 0;
  for (let k = 0; k < steps.length && layer < layerCount; k++) {
    const step = steps[k];
    const layersLeft = layerCount - layer;
    let made: boolean;
    if (step.size > 0) made = true;
    else if (layersLeft === steps.length - k) made = true;
    else if (layersLeft === positivesLeft) made = false;
    else made = !/#\(nop\)/.test(step.createdBy) || /#\(nop\)\s*(ADD|COPY)\b/.test(step.createdBy);
    if (step.size > 0) positivesLeft--;
    if (made) sizes[layer++] = step.size;
  }
  // No usable history (imported or squashed images): the whole size sits on the top layer.
  if (!sizes.some((s) => s > 0)) sizes[layerCount - 1] = imageSize;
  return sizes;
}

/** Bytes and layers the engine frees when `deleted` go and `kept` stay. */
export function reclaimed(deleted: readonly ImageLayers[], kept: readonly ImageLayers[]): { bytes: number; chainIds: string[] } {
  const held = new Set(kept.flatMap((k) => k.chainIds));
  const freed = new Map<string, number>();
  for (const img of deleted) {
    img.chainIds.forEach((id, i) => {
      if (!held.has(id)) freed.set(id, img.sizes?.[i] ?? 0);
    });
  }
  let bytes = 0;
  for (const size of freed.values()) bytes += size;
  return { bytes, chainIds: [...freed.keys()] };
}
