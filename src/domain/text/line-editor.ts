/** A readline-style one-line editor: pure edits of a prompt's text and cursor, a grapheme cluster at a time. */

import { boundaryNear, settle } from './graphemes.js';

/** The text of a prompt and its cursor: a UTF-16 index into text, always on a grapheme boundary, 0..text.length. */
export interface LineEdit {
  text: string;
  cursor: number;
}

export type EditOp =
  | 'start' | 'end' // Ctrl-A/Home, Ctrl-E/End
  | 'left' | 'right' // Ctrl-B/←, Ctrl-F/→ (one grapheme cluster)
  | 'wordLeft' | 'wordRight' // Alt-B/Ctrl-←, Alt-F/Ctrl-→ (words are runs of letters and digits)
  | 'deleteBack' // Backspace
  | 'deleteForward' // Delete, Ctrl-D
  | 'killWordBack' // Ctrl-W: unix-word-rubout (whitespace-delimited)
  | 'killAlnumWordBack' // Alt-Backspace: backward-kill-word
  | 'killWordForward' // Alt-D: kill-word
  | 'killToStart' // Ctrl-U
  | 'killToEnd' // Ctrl-K
  | 'yank' // Ctrl-Y
  | 'transpose'; // Ctrl-T: transpose-chars

export interface EditResult {
  line: LineEdit;
  kill: string;
}

// Character classes as bits, so that a walk can take a set of them; words are letters and digits, as readline's.
const [OTHER, WORD, MARK, SPACE] = [1, 2, 4, 8];
/** Classes of code points by block of 256, each block classified on first use (regex tests are slow per character). */
const classBlocks: (Uint8Array | undefined)[] = new Array(0x1100).fill(undefined);

function classifyBlock(block: number): Uint8Array {
  const classes = new Uint8Array(256);
  for (let k = 0; k < 256; k++) {
    const ch = String.fromCodePoint(block * 256 + k);
    classes[k] = /[\p{L}\p{N}]/u.test(ch) ? WORD : /\p{M}/u.test(ch) ? MARK : /\s/u.test(ch) ? SPACE : OTHER;
  }
  return classes;
}

const LATIN1 = (classBlocks[0] = classifyBlock(0));
const classOf = (cp: number) => (cp < 256 ? LATIN1[cp] : (classBlocks[cp >> 8] ??= classifyBlock(cp >> 8))[cp & 0xff]);

/** From `i` towards the start: over code points whose class is in `skip`, then over those in `keep`. */
function walkBack(text: string, i: number, skip: number, keep: number): number {
  let p = i;
  for (let round = 0, classes = skip; round < 2; round++, classes = keep) {
    while (p > 0) {
      let cp = text.charCodeAt(p - 1);
      const pair = (cp & 0xfc00) === 0xdc00 && p >= 2 && (text.charCodeAt(p - 2) & 0xfc00) === 0xd800;
      if (pair) cp = text.codePointAt(p - 2)!;
      if ((classOf(cp) & classes) === 0) break;
      p -= pair ? 2 : 1;
    }
  }
  return settle(text, p, 'atOrBefore');
}

/** From `i` towards the end: over code points whose class is in `skip`, then over those in `keep`. */
function walkForward(text: string, i: number, skip: number, keep: number): number {
  let p = i;
  for (let round = 0, classes = skip; round < 2; round++, classes = keep) {
    while (p < text.length) {
      const cp = text.codePointAt(p)!;
      if ((classOf(cp) & classes) === 0) break;
      p += cp > 0xffff ? 2 : 1;
    }
  }
  return settle(text, p, 'atOrAfter');
}

// readline's backward-word and forward-word, and unix-word-rubout's whitespace-delimited word
const wordStart = (text: string, i: number) => walkBack(text, i, ~WORD, WORD | MARK);
const wordEnd = (text: string, i: number) => walkForward(text, i, ~WORD, WORD | MARK);
const unixWordStart = (text: string, i: number) => walkBack(text, i, SPACE, ~SPACE);

/** text with [from, to) replaced by `insert`, the cursor after the insert. */
function splice(text: string, from: number, to: number, insert: string): LineEdit {
  const next = text.slice(0, from) + insert + text.slice(to);
  return { text: next, cursor: settle(next, from + insert.length, insert ? 'atOrAfter' : 'atOrBefore') };
}

/**
 * kill: the kill buffer (shared by all prompts, as readline's kill ring); kill ops replace it with what they removed
 * when they removed something (empty kills leave it as it was). An op that changes nothing returns the same line.
 */
export function applyEdit(line: LineEdit, op: EditOp, kill: string): EditResult {
  const { text, cursor } = line;
  const unchanged = { line, kill };
  const move = (to: number): EditResult => (to === cursor ? unchanged : { line: { text, cursor: to }, kill });
  const remove = (from: number, to: number): EditResult =>
    from === to ? unchanged : { line: splice(text, from, to, ''), kill };
  const cut = (from: number, to: number): EditResult =>
    from === to ? unchanged : { line: splice(text, from, to, ''), kill: text.slice(from, to) };
  const previous = () => (cursor > 0 ? boundaryNear(text, cursor, 'before') : 0);
  const next = () => (cursor < text.length ? boundaryNear(text, cursor, 'after') : cursor);

  switch (op) {
    case 'start': return move(0);
    case 'end': return move(text.length);
    case 'left': return move(previous());
    case 'right': return move(next());
    case 'wordLeft': return move(wordStart(text, cursor));
    case 'wordRight': return move(wordEnd(text, cursor));
    case 'deleteBack': return remove(previous(), cursor);
    case 'deleteForward': return remove(cursor, next());
    case 'killWordBack': return cut(unixWordStart(text, cursor), cursor);
    case 'killAlnumWordBack': return cut(wordStart(text, cursor), cursor);
    case 'killWordForward': return cut(cursor, wordEnd(text, cursor));
    case 'killToStart': return cut(0, cursor);
    case 'killToEnd': return cut(cursor, text.length);
    case 'yank': return kill ? { line: splice(text, cursor, cursor, kill), kill } : unchanged;
    case 'transpose': return { line: transpose(line), kill };
  }
}

/** readline's transpose-chars, by grapheme cluster. */
function transpose(line: LineEdit): LineEdit {
  const { text, cursor } = line;
  if (cursor === 0) return line;
  const atEnd = cursor === text.length;
  const mid = atEnd ? boundaryNear(text, cursor, 'before') : cursor;
  if (mid === 0) return line;
  const start = boundaryNear(text, mid, 'before');
  const end = atEnd ? cursor : boundaryNear(text, cursor, 'after');
  const swapped = text.slice(mid, end) + text.slice(start, mid);
  if (swapped === text.slice(start, end)) return line;
  const next = text.slice(0, start) + swapped + text.slice(end);
  return { text: next, cursor: settle(next, end, 'atOrAfter') };
}

/** Inserts typed or pasted text at the cursor (cleaned with cleanText), cursor after it. */
export function insertText(line: LineEdit, text: string): LineEdit {
  const clean = cleanText(text);
  return clean ? splice(line.text, line.cursor, line.cursor, clean) : line;
}

/**
 * Text as a one-line prompt takes it: CR LF / CR / LF / tab → one space each, except that trailing line breaks are
 * dropped; every other C0 control, DEL and C1 control is dropped; anything else is kept.
 */
export function cleanText(text: string): string {
  if (!/[\x00-\x1f\x7f-\x9f]/.test(text)) return text;
  const dropped = (c: number) => (c < 0x20 && c !== 0x09) || (c >= 0x7f && c <= 0x9f);
  let end = text.length;
  while (end > 0 && dropped(text.charCodeAt(end - 1))) end--;
  // one pass into UTF-16LE bytes: a regex replace builds the result a piece per match, slow on a pasted 1 MB
  const kept = Buffer.allocUnsafe(end * 2);
  let n = 0;
  for (let i = 0; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) {
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      c = 0x20;
    } else if (dropped(c)) continue;
    kept[n++] = c & 0xff;
    kept[n++] = c >> 8;
  }
  return kept.toString('utf16le', 0, n);
}

/** A LineEdit with the cursor at the end (or at `cursor`, clamped and moved to a grapheme boundary). */
export function lineOf(text: string, cursor = text.length): LineEdit {
  return { text, cursor: settle(text, Number.isNaN(cursor) ? text.length : Math.trunc(cursor), 'atOrBefore') };
}
