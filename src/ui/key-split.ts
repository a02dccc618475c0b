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

export interface KeyEvent {
  input: string;
  key: Key;
}

/** One character as Ink would report it had it arrived alone. */
function single(c: string): KeyEvent {
  const code = c.charCodeAt(0);
  if (c === '\r' || c === '\n') return { input: '\r', key: { ...NO_KEY, return: true } };
  if (c === '\t') return { input: c, key: { ...NO_KEY, tab: true } };
  if (c === '\x7f' || c === '\b') return { input: '', key: { ...NO_KEY, delete: c === '\x7f', backspace: c === '\b' } };
  if (code < 0x20) return { input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } };
  return { input: c, key: { ...NO_KEY, shift: c !== c.toLowerCase() } };
}

/**
 * Ink hands over everything read at once (typing ahead, a paste, a slow SSH link) as one
 * string; the app acts on keys, so plain runs are split into single characters.
 */
export function splitKeys(input: string, key: Key): KeyEvent[] {
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.escape || key.meta;
  if (special || [...input].length <= 1) return [{ input, key }];
  return [...input].map(single);
}
