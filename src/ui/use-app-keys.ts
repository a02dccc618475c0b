import { resolveKey, type KeyScope } from '../shell/keymap.js';
import { useServices } from './context.js';
import { cancelsJob, performKeyAction } from './key-actions.js';
import { useKeys } from './use-keys.js';

/**
 * Keys for the screen itself (no overlay or line editor open): a running job's cancel keys, then
 * the keymap. A key the pane's own scope binds (`/` in the Layers pane) is left to the pane.
 */
export function useAppKeys(active: boolean, scopes: KeyScope[], paneScope?: KeyScope): void {
  const services = useServices();
  useKeys((name) => {
    // the Build pane's `/` search of its log is being typed: every key is the pane's (read live, for keys typed ahead)
    if (paneScope === 'build' && services.store.getState().build.logSearch?.editing) return;
    if (!name || cancelsJob(name, services)) return;
    if (paneScope && resolveKey(services.keymap, name, [paneScope])) return;
    const action = resolveKey(services.keymap, name, scopes);
    if (action) performKeyAction(action, services);
  }, active);
}
