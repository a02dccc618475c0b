import { createContext, useContext, useEffect, useRef } from 'react';
import type { Store } from '../store/store.js';
import type { Binding } from '../shell/keymap.js';
import { tabColumns, type MouseEvent } from './mouse.js';
import { TAB_PREFIX, TABS, tabLabel } from './tab-labels.js';

/** A click handler of a pane; true when the click was its own. */
export type ClickConsumer = (x: number, y: number) => boolean;

export const MouseContext = createContext<Set<{ click: ClickConsumer; active: () => boolean }> | null>(null);

/**
 * What a mouse report does: a click on a tab opens its pane, a click elsewhere goes to the pane
 * under it, the wheel moves as the arrow keys do (`arrows` queues them). While a question waits
 * or a line is being edited the mouse does nothing: it never answers or edits.
 */
export function handleMouse(
  events: MouseEvent[],
  ctx: { store: Store; keymap: readonly Binding[]; clicks: Iterable<{ click: ClickConsumer; active: () => boolean }>; arrows(up: boolean, n: number): void },
): void {
  const s = ctx.store.getState();
  if (s.confirm || s.commandLine.editing || s.search.editing) return;
  for (const e of events) {
    if (e.kind !== 'click') {
      ctx.arrows(e.kind === 'wheelUp', 3);
      continue;
    }
    if (e.y === 1) {
      const ranges = tabColumns(TAB_PREFIX, TABS.map((t) => tabLabel(ctx.keymap, t)));
      const hit = ranges.findIndex(([a, b]) => e.x >= a && e.x <= b);
      if (hit >= 0) ctx.store.dispatch({ type: 'pane/set', pane: TABS[hit].pane });
      continue;
    }
    for (const c of ctx.clicks) if (c.active() && c.click(e.x, e.y)) break;
  }
}

/** Registers a pane's click handler while `active`. */
export function useMouseClick(click: ClickConsumer, active: boolean): void {
  const set = useContext(MouseContext);
  const ref = useRef({ click, active: () => active });
  ref.current.click = click;
  ref.current.active = () => active;
  useEffect(() => {
    if (!set) return;
    const entry = ref.current;
    set.add(entry);
    return () => void set.delete(entry);
  }, [set]);
}
