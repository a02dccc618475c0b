import type { EngineVersion } from '../domain/images/details.js';
import { describeSource, type Endpoint } from '../domain/connection/endpoint.js';
import type { Engine } from '../engine/types.js';
import type { EngineSync } from './effects.js';
import type { AppState } from './state.js';
import type { Store } from './store.js';

export interface ConnectionDeps {
  createEngine(endpoint: Endpoint): Engine;
  startSync(engine: Engine, store: Store): EngineSync;
  /** Runs before the old engine is let go (the debugger's leftovers there); its failure does not stop a switch. */
  leaving?(old: Endpoint): Promise<void>;
  /** How long the new engine has to answer before a switch gives up (default 10 s). */
  probeMs?: number;
}

/** The engine the app talks to; everything that needs it asks here, so a switch reaches them all. */
export interface Connection {
  endpoint(): Endpoint;
  engine(): Engine;
  refresh(): void;
  openDetails(ref: string): void;
  /**
   * Moves to another engine: the new one must answer `version` first; until it does the old one
   * stays in use, and when it does not (or `signal` aborts) the switch rejects and nothing changed.
   */
  switchTo(endpoint: Endpoint, signal?: AbortSignal): Promise<EngineVersion>;
  stop(): void;
}

/** What the status bar shows: the context name, and the endpoint with where it came from unless that is the context. */
export function endpointLabel(endpoint: Endpoint): { context: string; endpoint: string } {
  const { source } = endpoint;
  if (source.from === 'context') return { context: source.name, endpoint: endpoint.url };
  return { context: 'default', endpoint: `${endpoint.url} (${describeSource(source)})` };
}

export function createConnection(first: Endpoint, store: Store, deps: ConnectionDeps): Connection {
  let current = { endpoint: first, engine: deps.createEngine(first) };
  let sync = deps.startSync(current.engine, store);
  let switching: Promise<EngineVersion> | null = null;
  let stopped = false;

  async function probe(engine: Engine, signal?: AbortSignal): Promise<EngineVersion> {
    const ms = deps.probeMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const giveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from ${engine.endpoint.url} within ${ms / 1000} s`)), ms);
      onAbort = () => reject(new Error('cancelled'));
      if (signal?.aborted) onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([engine.version(), giveUp]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  async function switchNow(endpoint: Endpoint, signal?: AbortSignal): Promise<EngineVersion> {
    const next = deps.createEngine(endpoint);
    let version: EngineVersion;
    try {
      version = await probe(next, signal);
    } catch (e) {
      next.close();
      throw e;
    }
    if (stopped) {
      next.close();
      throw new Error('the app is closing');
    }
    await deps.leaving?.(current.endpoint).catch(() => {});
    sync.stop();
    current.engine.close();
    current = { endpoint, engine: next };
    store.dispatch({ type: 'connection/switched', ...endpointLabel(endpoint) });
    sync = deps.startSync(next, store);
    return version;
  }

  return {
    endpoint: () => current.endpoint,
    engine: () => current.engine,
    refresh: () => sync.refresh(),
    openDetails: (ref) => sync.openDetails(ref),
    switchTo(endpoint, signal) {
      if (switching) return Promise.reject(new Error('a switch is already under way'));
      switching = switchNow(endpoint, signal).finally(() => {
        switching = null;
      });
      return switching;
    },
    stop() {
      stopped = true;
      sync.stop();
      current.engine.close();
    },
  };
}

/** Resolves when the first load or a connection failure is in the store, or after `ms`. */
export function firstLoad(store: { getState(): AppState; subscribe(l: () => void): () => void }, ms: number): Promise<void> {
  const settled = () => store.getState().loaded || store.getState().connection.status === 'disconnected';
  if (settled()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = store.subscribe(() => settled() && done());
  });
}
