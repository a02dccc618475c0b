import { cleanCreatedBy } from '../images/details.js';
import { analyzeLayers, type FileChange, type LayerAnalysis } from './layer-changes.js';
import { formatMode } from './layer-entry.js';
import { stepsWithLayers, type LayerIndex } from './layer-index.js';
import { formatBytes, parseBytes } from '../text/size.js';

export interface Thresholds {
  lowestEfficiency?: number;
  highestWastedBytes?: number;
  highestUserWastedPercent?: number;
}

export interface CheckResult {
  name: string;
  limit: number;
  value: number;
  pass: boolean;
}

export interface LayerRow {
  index: number;
  digest: string;
  instruction: string;
  bytes: number;
  changes: FileChange[];
}

export function layerRows(index: LayerIndex, analysis: LayerAnalysis = analyzeLayers(index.layers.map((l) => l.entries))): LayerRow[] {
  return stepsWithLayers(index)
    .filter((s) => s.layer !== null)
    .map((s) => ({
      index: s.layer!,
      digest: index.layers[s.layer!].digest,
      instruction: cleanCreatedBy(s.createdBy),
      bytes: analysis.layerBytes[s.layer!],
      changes: analysis.changes[s.layer!],
    }));
}

/** A layer named by its step: 0-based index and the instruction that made it. */
export interface WasteStep {
  layer: number;
  instruction: string;
  /** The Dockerfile line of the step, when imgsh built the image (its build record). */
  line?: number;
}

/** A wasted file with each copy traced to the step that wrote it and the one that replaced or removed it (issue #13). */
export interface TracedWaste {
  path: string;
  bytes: number;
  count: number;
  copies: { bytes: number; how: 'replaced' | 'removed'; written: WasteStep; gone: WasteStep }[];
}

/** Each layer's instruction, by layer number ('' for a layer no step names). */
export function layerInstructions(index: LayerIndex): string[] {
  const out = new Array<string>(index.layers.length).fill('');
  for (const s of stepsWithLayers(index)) if (s.layer !== null) out[s.layer] = cleanCreatedBy(s.createdBy);
  return out;
}

/** `lines`: each layer's Dockerfile line (src/domain/builds/build-record.ts: layerLines), when known. */
export function traceWaste(rows: readonly LayerRow[], a: LayerAnalysis, lines?: readonly (number | null)[] | null): TracedWaste[] {
  const instruction = new Map(rows.map((r) => [r.index, r.instruction]));
  const step = (layer: number): WasteStep => {
    const line = lines?.[layer];
    return line ? { layer, instruction: instruction.get(layer) ?? '', line } : { layer, instruction: instruction.get(layer) ?? '' };
  };
  return a.wasted.map((w) => ({
    path: w.path,
    bytes: w.bytes,
    count: w.count,
    copies: w.copies.map((c) => ({ bytes: c.bytes, how: c.how, written: step(c.written), gone: step(c.gone) })),
  }));
}

/** `RUN apt-get update && …` cut to `width` characters. */
export function shortInstruction(text: string, width = 60): string {
  const one = text.replace(/\s+/g, ' ').trim() || '(no history)';
  return one.length <= width ? one : `${one.slice(0, width - 1)}…`;
}

const stepText = (s: WasteStep) => `layer ${s.layer + 1} (${s.line ? `line ${s.line}: ` : ''}${shortInstruction(s.instruction)})`;

/** Under a wasted file: each copy's making and unmaking step. */
export function wasteCopyLines(w: TracedWaste, max = 3): string[] {
  const lines = w.copies
    .slice(0, max)
    .map((c) => `           ${formatBytes(c.bytes)} written by ${stepText(c.written)}, ${c.how} by ${stepText(c.gone)}`);
  if (w.copies.length > max) lines.push(`           … ${w.copies.length - max} more copies`);
  return lines;
}

/** The wasted space: a line for the total, then the `limit` largest files, each copy traced to its steps. */
export function wasteLines(rows: readonly LayerRow[], a: LayerAnalysis, limit: number, lines?: readonly (number | null)[] | null): string[] {
  const out = [`Wasted space: ${formatBytes(a.wastedBytes)} in ${a.wasted.length} files (user wasted ${percent(a.userWastedPercent)})`];
  for (const w of traceWaste(rows, { ...a, wasted: a.wasted.slice(0, limit) }, lines)) out.push(`  ${formatBytes(w.bytes).padStart(7)}  ${w.count}×  /${w.path}`, ...wasteCopyLines(w));
  if (a.wasted.length > limit) out.push(`  … ${a.wasted.length - limit} more files (imgsh layers --json lists them all)`);
  return out;
}

/** Parses the option texts; a bad one throws with a line saying what to give instead. */
export function parseThresholds(o: { lowestEfficiency?: string; highestWastedBytes?: string; highestUserWastedPercent?: string }): Thresholds {
  const ratio = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new Error(`--${name} takes a ratio between 0 and 1, e.g. 0.95`);
    return v;
  };
  return {
    lowestEfficiency: ratio('lowest-efficiency', o.lowestEfficiency),
    highestWastedBytes: o.highestWastedBytes === undefined ? undefined : parseBytes(o.highestWastedBytes),
    highestUserWastedPercent: ratio('highest-user-wasted-percent', o.highestUserWastedPercent),
  };
}

export function checkThresholds(a: LayerAnalysis, t: Thresholds): CheckResult[] {
  const out: CheckResult[] = [];
  if (t.lowestEfficiency !== undefined) out.push({ name: 'lowest-efficiency', limit: t.lowestEfficiency, value: a.efficiency, pass: a.efficiency >= t.lowestEfficiency });
  if (t.highestWastedBytes !== undefined) out.push({ name: 'highest-wasted-bytes', limit: t.highestWastedBytes, value: a.wastedBytes, pass: a.wastedBytes <= t.highestWastedBytes });
  if (t.highestUserWastedPercent !== undefined) {
    out.push({ name: 'highest-user-wasted-percent', limit: t.highestUserWastedPercent, value: a.userWastedPercent, pass: a.userWastedPercent <= t.highestUserWastedPercent });
  }
  return out;
}

export const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

export function changeLine(c: FileChange): string {
  const target = c.target ? (c.kind === 'hardlink' ? ` => /${c.target.replace(/^\/+/, '')}` : ` -> ${c.target}`) : '';
  return `${c.mark}  ${formatMode(c.kind, c.mode)}  ${formatBytes(c.size).padStart(7)}  /${c.path}${target}`;
}

export function reportText(ref: string, rows: LayerRow[], a: LayerAnalysis, checks: CheckResult[], maxChanges: number, lines?: readonly (number | null)[] | null): string {
  const out = [`${ref}: ${rows.length} layers, ${formatBytes(a.totalBytes)}, efficiency ${percent(a.efficiency)}`];
  for (const r of rows) {
    out.push('', `Layer ${r.index + 1}  ${formatBytes(r.bytes)}  ${r.digest.replace(/^sha256:/, '').slice(0, 12)}  ${r.instruction || '(no history)'}`);
    for (const c of r.changes.slice(0, maxChanges)) out.push(`  ${changeLine(c)}`);
    if (r.changes.length > maxChanges) out.push(`  … ${r.changes.length - maxChanges} more (--all lists every change)`);
  }
  out.push('', ...wasteLines(rows, a, 20, lines));
  out.push(`Efficiency: ${percent(a.efficiency)}`);
  for (const c of checks) {
    const show = (v: number) => (c.name === 'highest-wasted-bytes' ? formatBytes(v) : c.name === 'lowest-efficiency' ? percent(v) : percent(v));
    out.push(`${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${show(c.value)} (limit ${show(c.limit)})`);
  }
  return out.join('\n');
}
