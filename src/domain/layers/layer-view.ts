import { analyzeLayers, mergedUpTo, withMark, type LayerAnalysis } from './layer-changes.js';
import { stepsWithLayers, type LayerIndex, type StepWithLayer } from './layer-index.js';
import type { TreeItem } from './layer-tree.js';

export interface IndexView {
  steps: StepWithLayer[];
  analysis: LayerAnalysis;
}

export function indexView(index: LayerIndex): IndexView {
  return { steps: stepsWithLayers(index), analysis: analyzeLayers(index.layers.map((l) => l.entries)) };
}

/** The layer a step shows: its own, or for an empty step the last one below it (−1: none yet). */
export function layerAt(steps: readonly StepWithLayer[], step: number): number {
  for (let i = Math.min(step, steps.length - 1); i >= 0; i--) if (steps[i].layer !== null) return steps[i].layer!;
  return -1;
}

/**
 * The tree items of one layer: its changes, or the whole filesystem up to it with this
 * layer's marks on what it touched (and what it removed, so deletions stay visible).
 */
export function treeItems(index: LayerIndex, analysis: LayerAnalysis, layer: number, scope: 'layer' | 'all', ownChanges: boolean): TreeItem[] {
  if (layer < 0) return [];
  const changes = ownChanges ? analysis.changes[layer] : [];
  if (scope === 'layer') return changes;
  const marks = new Map(changes.map((c) => [c.path, c.mark]));
  const items: TreeItem[] = [];
  for (const { entry } of mergedUpTo(index.layers.map((l) => l.entries), layer).values()) items.push(withMark(entry, marks.get(entry.path)));
  for (const c of changes) if (c.mark === 'D') items.push(c);
  return items;
}

/** A word of a `:` line, quoted when the tokenizer would split it. */
export function quoteWord(word: string): string {
  return /^[^\s'"\\]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
