import type { JobProgress } from './state.js';
import type { Store } from './store.js';

/** What a job gets: the same shapes as a command context's signal, progress and confirm. */
export interface JobContext {
  signal: AbortSignal;
  progress(report: JobProgress): void;
  confirm(question: string, details?: readonly string[]): Promise<boolean>;
}

export interface JobResult<T> {
  value: T;
  /** The user cancelled it (Esc, Ctrl-C) before it ended. */
  cancelled: boolean;
  /** The user answered no to a question it asked. */
  declined: boolean;
}

export interface JobRunner {
  busy(): boolean;
  /**
   * Runs `work` as the job; null when another job is running. How it ended goes into the store
   * (`lastJob`): a rejection's message, or what `failed` finds in the value it resolved with (a
   * command's outcome; null: it succeeded).
   */
  run<T>(line: string, work: (ctx: JobContext) => Promise<T>, failed?: (value: T, cancelled: boolean) => string | null): Promise<JobResult<T>> | null;
  /** Aborts the running job's signal; the command ends itself with its own message. */
  cancel(): void;
  /** Answers the pending confirmation. */
  answer(yes: boolean): void;
  /** Cancels the running job and waits up to `ms` for it to clean up (on quit). */
  stop(ms?: number): Promise<void>;
}

export interface JobRunnerOptions {
  /** At most one progress dispatch (one redraw) per this many ms; the latest report wins. */
  progressMs?: number;
}

/**
 * Runs commands as jobs, one at a time, outside React: the store holds what is shown (the
 * job, its progress, the pending question); the abort controller and the confirmation's
 * resolver live here.
 */
export function createJobRunner(store: Store, opts: JobRunnerOptions = {}): JobRunner {
  const progressMs = opts.progressMs ?? 80;
  let seq = 0;
  let current: { id: number; controller: AbortController; done: Promise<unknown> } | null = null;
  let pending: { id: number; resolve(yes: boolean): void } | null = null;
  let declined = false;

  function settle(yes: boolean): void {
    if (!pending) return;
    const { id, resolve } = pending;
    pending = null;
    if (!yes) declined = true;
    store.dispatch({ type: 'confirm/close', id });
    resolve(yes);
  }

  function confirm(job: number, signal: AbortSignal, question: string, details: readonly string[] = []): Promise<boolean> {
    // Nobody answers for a job that was cancelled or has ended.
    if (signal.aborted || current?.id !== job) return Promise.resolve(false);
    settle(false);
    const id = ++seq;
    return new Promise<boolean>((resolve) => {
      const onAbort = () => pending?.id === id && settle(false);
      signal.addEventListener('abort', onAbort, { once: true });
      pending = {
        id,
        resolve(yes) {
          signal.removeEventListener('abort', onAbort);
          resolve(yes);
        },
      };
      store.dispatch({ type: 'confirm/open', id, question, details: [...details] });
    });
  }

  /** Pulls report per chunk: dispatch the first at once, then the latest every `progressMs`. */
  function throttle(id: number) {
    let last = 0;
    let timer: NodeJS.Timeout | null = null;
    let latest: JobProgress | null = null;
    let ended = false;
    const flush = () => {
      timer = null;
      if (!latest) return;
      store.dispatch({ type: 'job/progress', id, progress: latest });
      latest = null;
      last = Date.now();
    };
    return {
      report(progress: JobProgress) {
        latest = progress;
        if (timer || ended) return;
        const wait = progressMs - (Date.now() - last);
        if (wait <= 0) flush();
        else timer = setTimeout(flush, wait);
      },
      stop() {
        ended = true;
        if (timer) clearTimeout(timer);
        timer = null;
      },
    };
  }

  return {
    busy: () => current !== null,
    run(line, work, failed) {
      if (current) {
        store.dispatch({ type: 'job/refused', line });
        return null;
      }
      const id = ++seq;
      const controller = new AbortController();
      const progress = throttle(id);
      const job = { id, controller, done: Promise.resolve() as Promise<unknown> };
      current = job;
      declined = false;
      store.dispatch({ type: 'job/start', id, line });
      const done = (async () => {
        let error: string | null = null;
        try {
          const value = await work({
            signal: controller.signal,
            progress: progress.report,
            confirm: (question, details) => confirm(id, controller.signal, question, details),
          });
          error = failed?.(value, controller.signal.aborted) ?? null;
          return { value, cancelled: controller.signal.aborted, declined };
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          throw e;
        } finally {
          progress.stop();
          settle(false); // a question the command left unanswered
          if (current === job) current = null;
          store.dispatch({ type: 'job/end', id, cancelled: controller.signal.aborted, error });
        }
      })();
      job.done = done;
      return done;
    },
    cancel() {
      if (!current || current.controller.signal.aborted) return;
      store.dispatch({ type: 'job/cancelling', id: current.id });
      // The same reason the one-shot path gives on Ctrl-C.
      current.controller.abort(new Error('cancelled'));
    },
    answer: settle,
    async stop(ms = 2000) {
      const job = current;
      if (!job) return;
      job.controller.abort(new Error('cancelled'));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([job.done.catch(() => {}), new Promise((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    },
  };
}
