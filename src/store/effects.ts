import { toRows } from '../domain/images/image.js';
import { EngineApiError } from '../engine/transport/errors.js';
import type { Engine } from '../engine/types.js';
import type { Store } from './store.js';

export interface EngineSync {
  refresh(): void;
  openDetails(ref: string): void;
  stop(): void;
}

export interface SyncOptions {
  /** Wait between reconnect attempts. */
  retryMs?: number;
  /** Events arrive in bursts (a pull tags, a build makes many images): reload once per burst. */
  debounceMs?: number;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Keeps the store in step with the engine: loads images and disk usage, follows the event
 * stream, and when the engine goes away shows it and retries until it is back.
 */
export function startEngineSync(engine: Engine, store: Store, opts: SyncOptions = {}): EngineSync {
  const retryMs = opts.retryMs ?? 2000;
  const debounceMs = opts.debounceMs ?? 150;
  let stopped = false;
  let stream: { close(): void } | null = null;
  let reloadTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let reloading: Promise<void> | null = null;
  let again = false;

  async function reloadNow(): Promise<void> {
    const { showAll } = store.getState();
    const [images, counts] = await Promise.all([engine.listImages({ all: showAll }), engine.containerCounts()]);
    if (stopped) return;
    store.dispatch({ type: 'images/loaded', rows: toRows(images, counts) });
    // The disk usage scan is the slowest request: the list does not wait for it, and over ssh
    // it then reuses the list's connection instead of opening a session of its own. A failed
    // scan is not a lost engine (the engine module already waits out another client's scan):
    // the last numbers stay until the next reload.
    const disk = await engine.diskUsage().catch((e: unknown) => {
      if (e instanceof EngineApiError) return null;
      throw e;
    });
    if (disk && !stopped) store.dispatch({ type: 'disk/loaded', disk });
  }

  /** One reload at a time; a request during one runs once more after it. */
  function reload(): void {
    if (reloading) {
      again = true;
      return;
    }
    reloading = reloadNow()
      .catch((e) => lost(e))
      .finally(() => {
        reloading = null;
        if (again && !stopped) {
          again = false;
          reload();
        }
      });
  }

  function scheduleReload(): void {
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(reload, debounceMs);
  }

  function lost(e: unknown): void {
    if (stopped) return;
    stream?.close();
    stream = null;
    store.dispatch({ type: 'connection/lost', error: errorText(e) });
    if (!retryTimer) retryTimer = setTimeout(connect, retryMs);
  }

  async function follow(): Promise<void> {
    const events = engine.events();
    stream = events;
    try {
      for await (const _ of events) scheduleReload();
    } catch {
      // The stream ended with an error; treated as a drop below.
    }
    if (stream !== events || stopped) return;
    // The stream ended without us closing it: the link dropped. Find out whether the engine is still there.
    stream = null;
    if (!retryTimer) retryTimer = setTimeout(connect, Math.min(retryMs, 500));
  }

  async function connect(): Promise<void> {
    retryTimer = null;
    if (stopped) return;
    // a first frame drawn before the app loaded already shows the engine (src/first-frame.ts)
    if (store.getState().connection.status !== 'connected') store.dispatch({ type: 'connection/connecting' });
    try {
      // The list is asked first and the first frame waits for nothing else; over ssh the first
      // request gets the connection that logs in.
      const loading = reloadNow();
      loading.catch(() => {}); // awaited below, unless version fails first
      const version = await engine.version();
      if (stopped) return;
      store.dispatch({ type: 'connection/connected', version });
      engine.capabilities().then(
        (capabilities) => !stopped && store.dispatch({ type: 'connection/capabilities', capabilities }),
        () => {},
      );
      void follow();
      await loading;
    } catch (e) {
      lost(e);
    }
  }

  void connect();

  return {
    refresh: reload,
    openDetails(ref) {
      store.dispatch({ type: 'details/open', ref });
      Promise.all([engine.inspectImage(ref), engine.history(ref)]).then(
        ([data, history]) => store.dispatch({ type: 'details/loaded', ref, data, history }),
        (e) => store.dispatch({ type: 'details/failed', ref, error: errorText(e) }),
      );
    },
    stop() {
      stopped = true;
      stream?.close();
      for (const t of [reloadTimer, retryTimer]) if (t) clearTimeout(t);
    },
  };
}
