import { buildReducer, EMPTY_BUILD, type BuildPort } from './build.js';
import type { DebugSession } from './debug-session.js';
import type { Store } from './store.js';

export type { BuildPort };

/**
 * What the app hands `build`, `debug` and `step` (AppControls.build): the pane's state in the one
 * store, and the debug session's handle (its runner: an effect, not state).
 */
export interface BuildControls extends BuildPort {
  /** The session the pane shows; null when it shows none (a build replaced it, or none began). */
  session(): DebugSession | null;
  /** `debug` keeps the runner of the session it just started (`debug/started`) here, for `step`. */
  attach(session: DebugSession): void;
}

export function buildControls(store: Store): BuildControls {
  let session: DebugSession | null = null;
  return {
    get: () => store.getState().build,
    dispatch: (action) => store.dispatch(action),
    session: () => (store.getState().build.debug ? session : null),
    attach(next) {
      session = next;
    },
  };
}

/**
 * The one-shot `debug`'s pane: nobody shows it, but its session changes by the same actions and
 * reducer as the app's, so the step runner is the same.
 */
export function localBuildPort(): BuildPort {
  let view = EMPTY_BUILD;
  return {
    get: () => view,
    dispatch(action) {
      view = buildReducer(view, action);
    },
  };
}
