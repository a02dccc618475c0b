import { useSyncExternalStore } from 'react';
import type { AppState } from '../store/state.js';
import { useServices } from './context.js';

/** Subscribes to a slice of the store; the selector must return stable values (slices, memoized selectors, primitives). */
export function useStore<T>(selector: (state: AppState) => T): T {
  const { store } = useServices();
  const snapshot = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, snapshot, snapshot);
}
