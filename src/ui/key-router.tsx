import { useInput, type Key } from 'ink';
import { createContext, useCallback, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { AppState } from '../store/state.js';
import { useServices } from './context.js';
import { splitKeys, type KeyEvent } from './key-split.js';
import { useStore } from './use-store.js';

export interface KeyConsumer {
  handle(input: string, key: Key): void;
  /** Read at delivery time, so it reflects the last render. */
  active(): boolean;
}

const RouterContext = createContext<Set<KeyConsumer> | null>(null);

const whole = (s: AppState) => s;

/**
 * The one `useInput` of the app. Keys are queued and delivered one at a time to the active
 * consumers; after a key that changed the state, the rest wait until React has rendered it.
 * Handlers read the state of the last render, so `:quit⏎` typed ahead reaches the command
 * line, `jj` moves twice and `le` (into the tree, extract) acts on the tree.
 */
export function KeyRouter({ children }: { children: ReactNode }) {
  const { store } = useServices();
  const consumers = useRef(new Set<KeyConsumer>()).current;
  const queue = useRef<KeyEvent[]>([]);
  const waiting = useRef(false);
  const rendered = useStore(whole);

  const drain = useCallback(() => {
    waiting.current = false;
    while (queue.current.length > 0) {
      const before = store.getState();
      const { input, key } = queue.current.shift()!;
      for (const c of [...consumers]) if (c.active()) c.handle(input, key);
      if (store.getState() !== before) {
        waiting.current = true;
        return;
      }
    }
  }, [store, consumers]);

  useInput((input, key) => {
    queue.current.push(...splitKeys(input, key));
    if (!waiting.current) drain();
  });

  // Runs after the children's effects, so a consumer mounted by this render is registered.
  useEffect(() => {
    if (waiting.current) drain();
  }, [rendered, drain]);

  return <RouterContext.Provider value={consumers}>{children}</RouterContext.Provider>;
}

/** Registers a key consumer with the router for as long as the component is mounted. */
export function useKeyConsumer(handle: (input: string, key: Key) => void, active: boolean): void {
  const consumers = useContext(RouterContext);
  if (!consumers) throw new Error('useKeyConsumer needs a <KeyRouter> above it');
  const handleRef = useRef(handle);
  const activeRef = useRef(active);
  handleRef.current = handle;
  activeRef.current = active;
  useEffect(() => {
    const consumer: KeyConsumer = { handle: (i, k) => handleRef.current(i, k), active: () => activeRef.current };
    consumers.add(consumer);
    return () => {
      consumers.delete(consumer);
    };
  }, [consumers]);
}
