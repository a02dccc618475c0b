// What imgsh keeps of a build of a tag, to say on the next build why the cache missed (issue
// #13): each step's instruction and Dockerfile line, whether it came from the cache, the files a
// COPY or ADD took from the context (path, size, content digest), the build arguments and the
// base images. The first step that ran (every step before it came from the cache, so the cause
// is its own) is explained against the same step last time: which source files changed, which
// build argument, that the base image moved, or that its line did.

import { linesOfSteps } from './dockerfile-lines.js';

export const BUILD_RECORD_VERSION = 1;

export interface StepInput {
  path: string;
  size: number;
  digest: string;
}

export interface RecordedStep {
  /** 1-based, as the builder numbers steps. */
  step: number;
  /** The Dockerfile line, 1-based, when known. */
  line: number | null;
  instruction: string;
  cached: boolean;
  /** COPY and ADD from the context: the files it took, sorted by path. */
  inputs?: StepInput[];
  /** The stage's base image (its FROM) by id, for the steps of each stage. */
  base?: string;
  /** The stage (0-based) the step belongs to. */
  stage?: number;
}

export interface BuildRecord {
  version: number;
  tag: string;
  /** ISO time of the build. */
  at: string;
  imageId: string | null;
  dockerfile: string | null;
  buildArgs: Record<string, string>;
  steps: RecordedStep[];
}

export interface FileChange {
  path: string;
  /** Bytes before and after; absent where the file was not there. */
  before?: number;
  after?: number;
}

export type MissReason =
  | { kind: 'files'; files: FileChange[] }
  | { kind: 'build-arg'; args: { name: string; before?: string; after?: string }[] }
  | { kind: 'base'; before: string; after: string }
  | { kind: 'instruction'; before: string }
  | { kind: 'unknown' };

export interface CacheMiss {
  step: number;
  line: number | null;
  instruction: string;
  reason: MissReason;
}

/** A record read back from disk: null when it is not one this version writes (older, newer or damaged). */
export function readRecord(value: unknown): BuildRecord | null {
  const r = value as BuildRecord | null;
  if (!r || typeof r !== 'object' || r.version !== BUILD_RECORD_VERSION || !Array.isArray(r.steps) || typeof r.tag !== 'string') return null;
  const stepOk = (s: RecordedStep) => typeof s?.step === 'number' && typeof s.instruction === 'string' && typeof s.cached === 'boolean' && (s.inputs === undefined || Array.isArray(s.inputs));
  return r.steps.every(stepOk) && r.buildArgs && typeof r.buildArgs === 'object' ? r : null;
}

/** Why the last record of a tag cannot be compared with this build. */
export interface UnusableRecord {
  unusable: 'other-version' | 'damaged' | 'unreadable';
  /** The read error's code, for 'unreadable'. */
  code?: string;
}

/** A record file's text: the record, or why it cannot be compared. */
export function recordFromText(text: string): BuildRecord | UnusableRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { unusable: 'damaged' };
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== BUILD_RECORD_VERSION) return { unusable: 'other-version' };
  return readRecord(value) ?? { unusable: 'damaged' };
}

/** The one line said instead of an explanation when the last record of `tag` cannot be compared; `replaced`: this build's record was written over it. */
export function unusableLine(tag: string, u: UnusableRecord, replaced: boolean): string {
  const what = u.unusable === 'other-version' ? 'is from another version of imgsh' : u.unusable === 'damaged' ? 'is damaged' : `cannot be read (${u.code ?? 'error'})`;
  return `no cache explanation this time: the last build record of ${tag} ${what} (${replaced ? "this build's record replaces it" : "this build's record could not be written in its place"})`;
}

function fileChanges(before: readonly StepInput[], after: readonly StepInput[]): FileChange[] {
  const was = new Map(before.map((f) => [f.path, f]));
  const out: FileChange[] = [];
  for (const f of after) {
    const old = was.get(f.path);
    if (!old) out.push({ path: f.path, after: f.size });
    else if (old.digest !== f.digest) out.push({ path: f.path, before: old.size, after: f.size });
    was.delete(f.path);
  }
  for (const f of was.values()) out.push({ path: f.path, before: f.size });
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function argChanges(before: Record<string, string>, after: Record<string, string>) {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.filter((n) => before[n] !== after[n]).map((name) => ({ name, before: before[name], after: after[name] }));
}

/**
 * Why the first step that ran in `now` missed the cache, given the last record of the tag:
 * null when every step came from the cache, or when the last record has no such step.
 */
export function explainMiss(last: BuildRecord, now: BuildRecord): CacheMiss | null {
  const ran = now.steps.find((s) => !s.cached);
  if (!ran) return null;
  const before = last.steps.find((s) => s.step === ran.step);
  if (!before) return null;
  const miss = (reason: MissReason): CacheMiss => ({ step: ran.step, line: ran.line, instruction: ran.instruction, reason });
  if (before.base && ran.base && before.base !== ran.base) return miss({ kind: 'base', before: before.base, after: ran.base });
  if (before.instruction !== ran.instruction) return miss({ kind: 'instruction', before: before.instruction });
  if (ran.inputs && before.inputs) {
    const files = fileChanges(before.inputs, ran.inputs);
    if (files.length > 0) return miss({ kind: 'files', files });
  }
  const args = argChanges(last.buildArgs, now.buildArgs);
  if (args.length > 0) return miss({ kind: 'build-arg', args });
  return miss({ kind: 'unknown' });
}

const size = (n: number | undefined) => (n === undefined ? '-' : n < 1000 ? `${n}B` : n < 1e6 ? `${(n / 1e3).toFixed(1)}kB` : `${(n / 1e6).toFixed(1)}MB`);
const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** The one line `imgsh build` prints (and the Build pane shows) about a miss. */
export function missLine(m: CacheMiss): string {
  const where = `step ${m.step}${m.line !== null ? ` (line ${m.line})` : ''}`;
  const r = m.reason;
  let why: string;
  if (r.kind === 'files') {
    const shown = r.files.slice(0, 5).map((f) => (f.before === undefined ? `${f.path} (new, ${size(f.after)})` : f.after === undefined ? `${f.path} (gone)` : `${f.path} ${size(f.before)} → ${size(f.after)}`));
    why = `${r.files.length} source ${r.files.length === 1 ? 'file' : 'files'} changed: ${shown.join(', ')}${r.files.length > 5 ? `, … ${r.files.length - 5} more` : ''}`;
  } else if (r.kind === 'build-arg') {
    why = `build ${r.args.length === 1 ? 'argument' : 'arguments'} ${r.args.map((a) => `${a.name} ${a.before ?? '(unset)'} → ${a.after ?? '(unset)'}`).join(', ')}`;
  } else if (r.kind === 'base') {
    why = `the base image moved: ${short(r.before)} → ${short(r.after)}`;
  } else if (r.kind === 'instruction') {
    why = `its instruction changed (was: ${r.before})`;
  } else {
    why = 'no input it took changed (the cache was pruned, or the build ran with --no-cache)';
  }
  return `cache miss at ${where} ${m.instruction}: ${why}`;
}

/**
 * The Dockerfile line of the step that made each layer of the image the record built (its id
 * matches), from the final stage's steps (dockerfile-lines.ts). `instructions`: each layer's
 * cleaned history instruction, bottom first.
 */
export function layerLines(record: BuildRecord, imageId: string, instructions: readonly string[]): (number | null)[] | null {
  if (record.imageId !== imageId) return null;
  const last = Math.max(...record.steps.map((s) => s.stage ?? 0));
  return linesOfSteps(record.steps.filter((s) => (s.stage ?? 0) === last), instructions);
}
