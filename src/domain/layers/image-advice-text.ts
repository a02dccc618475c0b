// `imgsh layers --advice` (and the Layers pane's A): an indexed image's advice, and as text the
// savings, largest first, each with the paths it is about.
import { formatBytes } from '../text/size.js';
import { imageAdvice, type Advice } from './image-advice.js';
import { analyzeLayers, mergedUpTo, type LayerAnalysis } from './layer-changes.js';
import { withDigests, type LayerIndex } from './layer-index.js';
import { layerInstructions, layerRows, traceWaste } from './layer-report.js';

/** The advice for an indexed image; `lines`: each layer's Dockerfile line, when known. */
export function indexAdvice(index: LayerIndex, analysis: LayerAnalysis = analyzeLayers(index.layers.map((l) => l.entries)), lines?: readonly (number | null)[] | null): Advice[] {
  const entries = index.layers.map(withDigests);
  const rows = layerRows(index, analysis);
  return imageAdvice(mergedUpTo(entries, entries.length - 1), traceWaste(rows, analysis, lines), layerInstructions(index), lines);
}

export function adviceText(ref: string, totalBytes: number, advice: readonly Advice[]): string {
  if (advice.length === 0) return `${ref}: ${formatBytes(totalBytes)}; nothing to advise: no file is undone by a later step, no package cache or build tool is left in it, no contents are kept twice`;
  const saves = advice.reduce((sum, a) => sum + a.bytes, 0);
  const lines = [`${ref}: ${formatBytes(totalBytes)}; these changes would save ${formatBytes(saves)}`];
  for (const a of advice) {
    lines.push('', `${formatBytes(a.bytes).padStart(8)}  ${a.text}`);
    for (const p of a.paths.slice(0, 3)) lines.push(`          /${p}`);
    if (a.paths.length > 3) lines.push(`          … and more`);
  }
  return lines.join('\n');
}
