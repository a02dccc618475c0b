import type { Key } from 'ink';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * What the router queues: a key (with the raw bytes, which tell Backspace from Delete), or text
 * that arrived as a unit — a bracketed paste, or a burst of characters read at once.
 */
export type InputEvent =
  | { kind: 'key'; input: string; key: Key; raw: string }
  | { kind: 'text'; text: string; bracketed: boolean };

/** One character as Ink would report it had it arrived alone. */
export function singleKey(c: string): InputEvent {
  const code = c.charCodeAt(0);
  const key = (input: string, over: Partial<Key> = {}): InputEvent => ({ kind: 'key', input, key: { ...NO_KEY, ...over }, raw: c });
  if (c === '\r' || c === '\n') return key('\r', { return: true });
  if (c === '\t') return key(c, { tab: true });
  if (c === '\x7f' || c === '\b') return key('', { delete: c === '\x7f', backspace: c === '\b' });
  if (code < 0x20) return key(String.fromCharCode(code + 96), { ctrl: true });
  return key(c, { shift: c !== c.toLowerCase() });
}

/**
 * One event of Ink's input parser: escape sequences and single characters are keys; a run of
 * several characters (typing ahead, a paste without bracketed paste, a slow SSH link) is a burst.
 * A burst holding control keys other than line breaks and tabs (Ctrl-U Ctrl-D read at once) was
 * typed, not pasted: its keys are split.
 */
export function inputEvent(raw: string, input: string, key: Key): InputEvent[] {
  if (raw.startsWith('\x1b') || [...raw].length <= 1) return [{ kind: 'key', input, key, raw }];
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(raw)) return [...raw].map(singleKey);
  return [{ kind: 'text', text: raw, bracketed: false }];
}

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

/**
 * Collects a bracketed paste from Ink's raw input events. `push` says whether the event belongs to a
 * paste, and hands back the whole text at its end marker.
 */
export function createPasteReader() {
  let parts: string[] | null = null;
  return {
    push(raw: string): { consumed: boolean; text?: string } {
      if (parts === null) {
        if (raw !== PASTE_START) return { consumed: false };
        parts = [];
        return { consumed: true };
      }
      if (raw === PASTE_END) {
        const text = parts.join('');
        parts = null;
        return { consumed: true, text };
      }
      parts.push(raw);
      return { consumed: true };
    },
    /** A terminal that never sends the end marker: what was collected, as text (null when no paste is open). */
    abandon(): string | null {
      const text = parts?.join('') ?? null;
      parts = null;
      return text;
    },
    get open(): boolean {
      return parts !== null;
    },
  };
}

/** ↑ or ↓, as the wheel sends them. */
export function arrowKey(up: boolean): InputEvent {
  return { kind: 'key', input: '', key: { ...NO_KEY, upArrow: up, downArrow: !up }, raw: up ? '\x1b[A' : '\x1b[B' };
}
