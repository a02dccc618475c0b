/**
 * Follows BuildKit's progress (decoded `moby.buildkit.trace` StatusResponse messages) as the same
 * step list the legacy builder gives: one step per Dockerfile vertex (`[stage N/M] INSTRUCTION`),
 * numbered as the legacy builder would number that instruction, so failure reports and the
 * debugger work on either. Internal vertexes (`[internal] …`, context copies, export) go to the
 * text log only.
 */
import type { BuildFailure, BuildSnapshot, BuildStep, LogLine } from './build-steps.js';
import { targetStage, type Dockerfile } from './dockerfile.js';

export interface BkTimestamp {
  seconds?: number;
  nanos?: number;
}

export interface BkVertex {
  digest: string;
  name?: string;
  cached?: boolean;
  started?: BkTimestamp | null;
  completed?: BkTimestamp | null;
  error?: string;
}

export interface BkLog {
  vertex: string;
  stream?: number;
  msg: Uint8Array;
}

export interface BkStatus {
  vertexes?: BkVertex[];
  logs?: BkLog[];
}

/** The instructions BuildKit makes a vertex for (and counts in `[N/M]`); ENV, LABEL, CMD… are config only. */
const VERTEX_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);
const STEP_NAME = /^\[(.*?)\s*(\d+)\/(\d+)\] (.*)$/s;
const MAX_LOG_LINES = 2000;
const utf8 = new TextDecoder();

const ms = (t: BkTimestamp | null | undefined): number | null => (t && (t.seconds || t.nanos) ? Number(t.seconds ?? 0) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6) : null);

/** The index (in df.instructions) of the instruction a `[stage N/M] TEXT` vertex ran, or null. */
export function instructionForVertex(df: Dockerfile, name: string, target?: string): number | null {
  const m = STEP_NAME.exec(name);
  if (!m) return null;
  const stageWord = m[1].trim().split(/\s+/).at(-1) ?? '';
  const n = Number(m[2]);
  const keyword = m[4].split(/\s/, 1)[0].toUpperCase();
  let stage: number | null;
  if (!stageWord) stage = target !== undefined ? targetStage(df, target) : df.stages.length - 1;
  else {
    const named = df.stages.find((s) => s.name?.toLowerCase() === stageWord.toLowerCase());
    const numbered = /^stage-(\d+)$/.exec(stageWord);
    stage = named ? named.index : numbered ? Number(numbered[1]) : null;
  }
  if (stage === null) return null;
  const inStage = df.instructions.map((ins, i) => ({ ins, i })).filter(({ ins }) => ins.stage === stage);
  const counted = inStage.filter(({ ins }) => VERTEX_KEYWORDS.has(ins.keyword));
  const hit = counted[n - 1];
  if (hit && hit.ins.keyword === keyword) return keyword === 'FROM' ? firstSameFrom(df, hit.i) : hit.i;
  // another BuildKit may count differently: fall back to the text
  const text = m[4].trim();
  return inStage.find(({ ins }) => `${ins.keyword} ${ins.args}`.trim() === text)?.i ?? null;
}

/**
 * BuildKit merges identical FROMs into one vertex and names it after whichever stage it
 * likes (it varies from run to run): the step is the first FROM of that image.
 */
function firstSameFrom(df: Dockerfile, index: number): number {
  const image = (args: string) => args.replace(/^(--\S+\s+)+/, '').split(/\s+/)[0].toLowerCase();
  const want = image(df.instructions[index].args);
  const first = df.instructions.findIndex((ins) => ins.keyword === 'FROM' && image(ins.args) === want);
  return first >= 0 ? first : index;
}

/** The legacy builder's step number of instruction `index` (ARGs before FROM and stages up to the target count). */
export function legacyStepNumber(df: Dockerfile, index: number, target?: string): number {
  const last = target === undefined ? Infinity : (targetStage(df, target) ?? Infinity);
  return df.instructions.filter((ins, i) => i <= index && ins.stage <= last).length;
}

interface Tracked {
  seq: number;
  name: string;
  step: BuildStep | null;
  partial: [string, string];
  announced: boolean;
  finished: boolean;
}

export class BuildKitTracker {
  private readonly vertexes = new Map<string, Tracked>();
  private readonly steps: BuildStep[] = [];
  private readonly total: number;
  private imageId: string | null = null;
  private failure: BuildFailure | null = null;
  private seq = 0;

  /** `say` gets the plain progress text (as `docker build --progress=plain` prints it). */
  constructor(
    private readonly df: Dockerfile,
    private readonly target: string | undefined,
    private readonly say: (line: string) => void = () => {},
  ) {
    this.total = legacyStepNumber(df, df.instructions.length - 1, target);
  }

  /** Applies one decoded status message; true when a step changed. */
  apply(status: BkStatus): boolean {
    let changed = false;
    for (const v of status.vertexes ?? []) changed = this.vertex(v) || changed;
    for (const l of status.logs ?? []) changed = this.log(l) || changed;
    return changed;
  }

  setImageId(id: string): void {
    this.imageId = id;
  }

  fail(message: string): void {
    const code = /exit code: (\d+)/.exec(message)?.[1];
    this.failure = { message: message.trim(), exitCode: code === undefined ? null : Number(code) };
  }

  snapshot(): BuildSnapshot {
    return { steps: this.steps.map((s) => ({ ...s, log: s.log.slice() })), total: this.total, imageId: this.imageId, failure: this.failure };
  }

  private tracked(v: BkVertex): Tracked {
    let t = this.vertexes.get(v.digest);
    if (!t) {
      t = { seq: 0, name: v.name ?? v.digest, step: null, partial: ['', ''], announced: false, finished: false };
      this.vertexes.set(v.digest, t);
    }
    return t;
  }

  private vertex(v: BkVertex): boolean {
    const t = this.tracked(v);
    const started = ms(v.started);
    const completed = ms(v.completed);
    if (started === null && !v.cached) return false; // listed ahead, not begun
    if (!t.announced) {
      t.announced = true;
      t.seq = ++this.seq;
      this.say(`#${t.seq} ${t.name}`);
      const index = instructionForVertex(this.df, t.name, this.target);
      if (index !== null) {
        t.step = { number: legacyStepNumber(this.df, index, this.target), instruction: (STEP_NAME.exec(t.name)?.[4] ?? t.name).trim(), status: 'running', containerId: null, imageId: null, startedAt: started ?? Date.now(), endedAt: null, log: [] };
        this.steps.push(t.step);
      }
    }
    const step = t.step;
    if (step && started !== null) step.startedAt = started;
    if (v.error) {
      if (!t.finished) this.say(`#${t.seq} ERROR: ${v.error}`);
      t.finished = true;
      if (step) Object.assign(step, { status: 'failed', endedAt: completed ?? started ?? step.startedAt });
      return step !== null;
    }
    if (v.cached || completed !== null) {
      if (!t.finished) this.say(`#${t.seq} ${v.cached ? 'CACHED' : `DONE ${(((completed ?? 0) - (started ?? completed ?? 0)) / 1000).toFixed(1)}s`}`);
      t.finished = true;
      if (step) Object.assign(step, { status: v.cached ? 'cached' : 'done', endedAt: completed ?? started ?? step.startedAt });
    }
    return step !== null;
  }

  private log(l: BkLog): boolean {
    const t = this.vertexes.get(l.vertex);
    if (!t) return false;
    const err = l.stream === 2 ? 1 : 0;
    const text = t.partial[err] + utf8.decode(l.msg);
    const lines = text.split('\n');
    t.partial[err] = lines.pop() ?? '';
    for (const raw of lines) {
      const line: LogLine = { text: raw.replace(/\r$/, '').replace(/^.*\r/, ''), stderr: err === 1 };
      this.say(`#${t.seq} ${line.text}`);
      if (!t.step) continue;
      t.step.log.push(line);
      if (t.step.log.length > MAX_LOG_LINES) t.step.log.splice(0, t.step.log.length - MAX_LOG_LINES);
    }
    return t.step !== null && lines.length > 0;
  }
}
