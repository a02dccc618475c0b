import { useInput, useStdin, type Key } from 'ink';
import { createContext, useCallback, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { KeyAction } from '../shell/keymap.js';
import type { AppState } from '../store/state.js';
import { useServices } from './context.js';
import { arrowKey, createPasteReader, inputEvent, singleKey, type InputEvent } from './key-split.js';
import { parseMouse } from './mouse.js';
import { handleMouse, MouseContext, type ClickConsumer } from './use-mouse.js';
import { useStore } from './use-store.js';

export interface KeyConsumer {
  handle(input: string, key: Key, raw: string): void;
  /** Line editors take pasted text whole; other consumers never see a paste. */
  paste?(text: string): void;
  /** Read at delivery time, so it reflects the last render. */
  active(): boolean;
}

const RouterContext = createContext<Set<KeyConsumer> | null>(null);

const whole = (s: AppState) => s;

/**
 * Longer bursts outside a prompt are pastes, not keys typed ahead — unless one key repeats (a
 * held-down j), or the burst opens a prompt (`:rmi x` typed ahead: the rest is its text).
 */
const BURST_KEYS_MAX = 8;
/** Fewer characters than this read at once are keys even in a prompt; more are a paste (without bracketed paste). */
const BURST_TEXT_MIN = 5;
const PROMPT_OPENERS: readonly KeyAction[] = ['commandLine', 'search', 'layersFilter', 'buildSearch'];
/** A terminal that drops the paste end marker must not swallow the keys that follow. */
const PASTE_GIVE_UP_MS = 2000;
export const PASTE_IGNORED = 'pasted text ignored: open a prompt first (: for a command, / to search)';

/**
 * The one `useInput` of the app. Keys are queued and delivered one at a time to the active
 * consumers; after a key that changed the state, the rest wait until React has rendered it.
 * Handlers read the state of the last render, so `:quit⏎` typed ahead reaches the command
 * line, `jj` moves twice and `le` (into the tree, extract) acts on the tree.
 *
 * A paste is text, never keys: a bracketed paste, or a burst of five or more characters read at
 * once while a line editor has the keys, goes to that editor whole (one state change, whatever
 * its length); outside a prompt a paste is dropped. A burst that starts outside a prompt is keys
 * typed ahead (`:build .⏎3`), unless it is long and not one repeated key. Keys queued when a
 * question opens are dropped: only a key typed after it can answer it.
 */
export function KeyRouter({ children }: { children: ReactNode }) {
  const { store, keymap } = useServices();
  const { internal_eventEmitter: emitter } = useStdin();
  const opensPrompt = (key: string) => keymap.some((b) => PROMPT_OPENERS.includes(b.action) && b.keys.includes(key));
  const consumers = useRef(new Set<KeyConsumer>()).current;
  const clicks = useRef(new Set<{ click: ClickConsumer; active: () => boolean }>()).current;
  const queue = useRef<InputEvent[]>([]);
  const waiting = useRef(false);
  const raw = useRef<string | null>(null);
  const rendered = useStore(whole);

  const deliver = useCallback(
    (event: InputEvent) => {
      const active = [...consumers].filter((c) => c.active());
      if (event.kind === 'key') {
        for (const c of active) c.handle(event.input, event.key, event.raw);
        return;
      }
      const chars = [...event.text];
      // a few characters read at once were typed (Enter then 3 while the app was busy)
      const typed = !event.bracketed && chars.length < BURST_TEXT_MIN;
      const taker = active.find((c) => c.paste);
      if (taker && !typed) return taker.paste!(event.text);
      if (!typed) {
        // a question is answered by a key typed for it, never by a burst (a paste of "yyyyy")
        const asking = store.getState().confirm !== null;
        const typedAhead = !asking && (chars.length <= BURST_KEYS_MAX || new Set(chars).size === 1 || opensPrompt(chars[0]));
        if (event.bracketed || !typedAhead) {
          if (!asking) store.dispatch({ type: 'message/set', message: { kind: 'info', text: PASTE_IGNORED } });
          return;
        }
      }
      // keys typed ahead (`:build .⏎3` while the app was busy): each a key, in order
      queue.current.unshift(...chars.slice(1).map(singleKey));
      deliver(singleKey(chars[0]));
    },
    [consumers, store, keymap],
  );

  const drain = useCallback(() => {
    waiting.current = false;
    while (queue.current.length > 0) {
      if (store.getState().handover) return void (queue.current = []);
      const before = store.getState();
      deliver(queue.current.shift()!);
      if (store.getState() !== before) {
        waiting.current = true;
        return;
      }
    }
  }, [store, deliver]);

  const enqueue = useCallback(
    (...events: InputEvent[]) => {
      queue.current.push(...events);
      if (!waiting.current) drain();
    },
    [drain],
  );

  // Sees every raw event before useInput does (prepended), to collect bracketed pastes.
  useEffect(() => {
    if (!emitter) return;
    const paste = createPasteReader();
    let giveUp: NodeJS.Timeout | undefined;
    const onRaw = (data: string) => {
      clearTimeout(giveUp);
      // a shell or the editor is taking the terminal: no key is the app's until it is back
      if (store.getState().handover) {
        raw.current = null;
        queue.current = [];
        return;
      }
      // mouse reports are never keys
      const mouse = paste.open ? { events: [], rest: String(data) } : parseMouse(String(data));
      if (mouse.events.length) {
        handleMouse(mouse.events, { store, keymap, clicks, arrows: (up, n) => enqueue(...Array.from({ length: n }, () => arrowKey(up))) });
        if (!mouse.rest) {
          raw.current = null;
          return;
        }
      }
      const r = paste.push(mouse.rest);
      raw.current = r.consumed ? null : mouse.rest;
      if (r.text !== undefined) enqueue({ kind: 'text', text: r.text, bracketed: true });
      if (paste.open) {
        giveUp = setTimeout(() => {
          const text = paste.abandon();
          if (text) enqueue({ kind: 'text', text, bracketed: true });
        }, PASTE_GIVE_UP_MS);
      }
    };
    emitter.prependListener('input', onRaw);
    return () => {
      clearTimeout(giveUp);
      emitter.off('input', onRaw);
    };
  }, [emitter, enqueue, store, keymap, clicks]);

  useInput((input, key) => {
    const data = raw.current;
    raw.current = null;
    if (data !== null) enqueue(...inputEvent(data, input, key));
  });

  // A question just drawn: the keys queued meanwhile were typed before it, and answer nothing.
  const asked = useRef(false);
  useEffect(() => {
    if (rendered.confirm && !asked.current) queue.current = [];
    asked.current = rendered.confirm !== null;
  }, [rendered]);

  // After the children's effects, so a consumer mounted by this render is registered; a turn of
  // the loop later, so a long run of keys is not one chain of nested updates (React stops those at 50).
  useEffect(() => {
    if (!waiting.current) return;
    const next = setImmediate(drain);
    return () => clearImmediate(next);
  }, [rendered, drain]);

  return (
    <RouterContext.Provider value={consumers}>
      <MouseContext.Provider value={clicks}>{children}</MouseContext.Provider>
    </RouterContext.Provider>
  );
}

/** Registers a key consumer with the router for as long as the component is mounted. */
export function useKeyConsumer(handle: KeyConsumer['handle'], active: boolean, paste?: (text: string) => void): void {
  const consumers = useContext(RouterContext);
  if (!consumers) throw new Error('useKeyConsumer needs a <KeyRouter> above it');
  const handleRef = useRef(handle);
  const pasteRef = useRef(paste);
  const activeRef = useRef(active);
  handleRef.current = handle;
  pasteRef.current = paste;
  activeRef.current = active;
  const takesPaste = paste !== undefined;
  useEffect(() => {
    const consumer: KeyConsumer = {
      handle: (i, k, r) => handleRef.current(i, k, r),
      active: () => activeRef.current,
      ...(takesPaste ? { paste: (text: string) => pasteRef.current?.(text) } : {}),
    };
    consumers.add(consumer);
    return () => {
      consumers.delete(consumer);
    };
  }, [consumers, takesPaste]);
}
