/**
 * Follows the legacy builder's stream (`Step N/M : …`, ` ---> <id>` …) as a list of steps; also
 * Podman's dialect of it (`STEP N/M: …`, `--> <id>`, `--> Using cache <id>`).
 */
import { stripSgr } from '../text/sgr.js';

export type StepStatus = 'running' | 'cached' | 'done' | 'failed';

export interface LogLine {
  text: string;
  stderr: boolean;
}

export interface BuildStep {
  /** 1-based, as the builder numbers it. */
  number: number;
  instruction: string;
  status: StepStatus;
  /** The container a RUN ran in (kept after a failure with forcerm:false). */
  containerId: string | null;
  /** The image after this step (12 hex digits, as the stream gives it). */
  imageId: string | null;
  startedAt: number;
  endedAt: number | null;
  log: LogLine[];
}

export interface BuildEvent {
  stream?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

export interface BuildFailure {
  message: string;
  /** The failed command's exit code, when a RUN failed. */
  exitCode: number | null;
}

export interface BuildSnapshot {
  steps: BuildStep[];
  total: number;
  imageId: string | null;
  failure: BuildFailure | null;
}

const MAX_LOG_LINES = 2000;
const STEP = /^(?:Step|STEP) (\d+)\/(\d+) ?: (.*)$/;
const RUNNING = /^ ---> Running in ([0-9a-f]{12,64})$/;
const IMAGE = /^ ?--?-> ([0-9a-f]{11,64})$/;
const CACHED = /^ ?--?-> Using cache( [0-9a-f]{12,64})?$/;
/** Podman's lines that are neither log nor step: its commit, and the bare id at the end. */
const PODMAN_NOISE = /^COMMIT( |$)|^[0-9a-f]{64}$/;

export class BuildTracker {
  private readonly steps: BuildStep[] = [];
  private total = 0;
  private imageId: string | null = null;
  private failure: BuildFailure | null = null;
  private partial = '';

  constructor(private readonly now: () => number = Date.now) {}

  /** Applies one JSON line of the stream; true when something shown changed. */
  apply(event: BuildEvent): boolean {
    if (event.aux?.ID) {
      this.imageId = event.aux.ID;
      return true;
    }
    if (event.errorDetail || event.error) {
      this.flush();
      const message = (event.errorDetail?.message ?? event.error ?? 'build failed').trim();
      const code = event.errorDetail?.code ?? /non-zero code: (\d+)|exit status (\d+)$/.exec(message)?.slice(1).find(Boolean);
      this.failure = { message, exitCode: code === undefined ? null : Number(code) };
      const step = this.current();
      if (step && step.status === 'running') Object.assign(step, { status: 'failed', endedAt: this.now() });
      return true;
    }
    if (typeof event.stream !== 'string') return false;
    // A line may arrive in pieces; stderr comes wrapped in \x1b[91m … \x1b[0m.
    const text = this.partial + event.stream;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
    return lines.length > 0;
  }

  /** Ends the stream: a last line without a newline still counts. */
  flush(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  snapshot(): BuildSnapshot {
    return { steps: this.steps.map((s) => ({ ...s, log: s.log.slice() })), total: this.total, imageId: this.imageId, failure: this.failure };
  }

  private current(): BuildStep | undefined {
    return this.steps[this.steps.length - 1];
  }

  private line(raw: string): void {
    const stderr = raw.includes('\x1b[91m');
    const line = stripSgr(raw).replace(/\r$/, '');
    const step = STEP.exec(line);
    if (step) {
      this.finishCurrent();
      this.total = Number(step[2]);
      this.steps.push({
        number: Number(step[1]),
        instruction: step[3],
        status: 'running',
        containerId: null,
        imageId: null,
        startedAt: this.now(),
        endedAt: null,
        log: [],
      });
      return;
    }
    const cur = this.current();
    if (!cur) return;
    const running = RUNNING.exec(line);
    if (running) return void (cur.containerId = running[1]);
    if (CACHED.test(line)) return void (cur.status = 'cached');
    const image = IMAGE.exec(line);
    if (image) {
      cur.imageId = image[1];
      if (cur.status === 'running') cur.status = 'done';
      cur.endedAt = this.now();
      return;
    }
    if (/^Removing intermediate container /.test(line) || /^Successfully (built|tagged) /.test(line) || PODMAN_NOISE.test(line)) return;
    if (line === '' && (cur.log.length === 0 || raw !== '')) return; // colour resets alone
    cur.log.push({ text: line, stderr });
    if (cur.log.length > MAX_LOG_LINES) cur.log.splice(0, cur.log.length - MAX_LOG_LINES);
  }

  private finishCurrent(): void {
    const cur = this.current();
    if (cur && cur.endedAt === null) cur.endedAt = this.now();
  }
}

/** The step that failed, if any. */
export function failedStep(snap: BuildSnapshot): BuildStep | null {
  return snap.failure ? (snap.steps.find((s) => s.status === 'failed') ?? null) : null;
}

/** The image after the last step that succeeded before the failure. */
export function lastGoodImage(snap: BuildSnapshot): string | null {
  for (let i = snap.steps.length - 1; i >= 0; i--) if (snap.steps[i].imageId) return snap.steps[i].imageId;
  return null;
}
