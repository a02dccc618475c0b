import { useEffect } from 'react';
import { quoteWord } from '../../domain/layers/layer-view.js';
import { jobRunningText } from '../../shell/keymap.js';
import type { AppServices } from '../../shell/services.js';
import { followedImage } from '../../store/selectors.js';
import type { AppState } from '../../store/state.js';
import { useServices } from '../context.js';
import { useStore } from '../use-store.js';

export { followedImage };

/** The image the Layers pane is about: one opened directly (`d` on a build step) until another is selected, else the followed one. */
export function layersTarget(s: AppState): string | null {
  const pin = s.layers.pinned;
  const followed = followedImage(s);
  return pin && pin.from === followed ? pin.ref : followed;
}

/** Shows `ref` in the Layers pane (at its last step) and goes there. */
export function openInLayers(services: AppServices, ref: string): void {
  const { store } = services;
  store.dispatch({ type: 'layers/open', ref, from: followedImage(store.getState()) });
  store.dispatch({ type: 'pane/set', pane: 'layers' });
}

/**
 * Runs `layers REF` as the app's job (progress in the job panel, Esc cancels it). Why it failed
 * comes from the job runner (`lastJob`), never from the status message.
 */
export function startIndexing(services: AppServices, ref: string): void {
  const { store } = services;
  const line = `layers ${quoteWord(ref)}`;
  store.dispatch({ type: 'layers/indexing', ref });
  void services.runLine(line).then((ok) => {
    const s = store.getState();
    if (ok && s.layers.status !== 'indexing') return;
    const end = s.lastJob?.line === line ? s.lastJob : null;
    const why = end?.refused ? jobRunningText(services.keymap) : (end?.error ?? 'indexing did not finish');
    store.dispatch({ type: 'layers/failed', ref, error: why });
  });
}

/** Indexes the target image when the pane shows it and nothing else is running. */
export function useLayerIndex(): void {
  const services = useServices();
  const target = useStore(layersTarget);
  const ref = useStore((s) => s.layers.ref);
  const busy = useStore((s) => s.job !== null);
  const stalePin = useStore((s) => s.layers.pinned !== null && s.layers.pinned.from !== followedImage(s));
  useEffect(() => {
    if (stalePin) services.store.dispatch({ type: 'layers/unpin' });
  }, [stalePin, services]);
  useEffect(() => {
    if (target && target !== ref && !busy) startIndexing(services, target);
  }, [target, ref, busy, services]);
}
