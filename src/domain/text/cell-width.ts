import stringWidth from 'string-width';
import { graphemesAfter, graphemesBefore } from './graphemes.js';
import type { LineEdit } from './line-editor.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Terminal cells of a string: CJK and emoji 2, combining marks and zero-width 0, ASCII 1. */
export function cellWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Widths of the non-ASCII graphemes seen, as string-width is slow per call (a prompt uses few distinct ones). */
const graphemeWidths = new Map<string, number>();

function graphemeWidth(grapheme: string): number {
  const c = grapheme.charCodeAt(0);
  if (grapheme.length === 1 && c >= 0x20 && c <= 0x7e) return 1;
  let width = graphemeWidths.get(grapheme);
  if (width === undefined) {
    if (graphemeWidths.size >= 4096) graphemeWidths.clear();
    graphemeWidths.set(grapheme, (width = stringWidth(grapheme)));
  }
  return width;
}

export interface LineWindow {
  before: string;
  at: string;
  after: string;
}

/** Graphemes of one side of the cursor, nearest first, as far as `budget` cells reach. */
interface Side {
  graphemes: string[];
  widths: number[];
  /** The side ended within the budget. */
  whole: boolean;
  /** The side before the cursor: its graphemes are in reverse text order. */
  leftward: boolean;
}

function gather(source: Iterable<string>, budget: number, leftward: boolean): Side {
  const side: Side = { graphemes: [], widths: [], whole: false, leftward };
  let cells = 0;
  // zero-width graphemes cost no cells: take a bounded number of them too, so no line is ever walked whole
  const most = 2 * budget + 64;
  for (const grapheme of source) {
    const width = graphemeWidth(grapheme);
    if (cells + width > budget || side.graphemes.length >= most) return side;
    side.graphemes.push(grapheme);
    side.widths.push(width);
    cells += width;
  }
  side.whole = true;
  return side;
}

interface Shown {
  text: string;
  cells: number;
  /** Every grapheme of the side is shown. */
  whole: boolean;
}

/** The nearest graphemes of a side that fit `budget` cells, in text order. */
function fit(side: Side, budget: number): Shown {
  let count = 0;
  let cells = 0;
  while (count < side.widths.length && cells + side.widths[count] <= budget) cells += side.widths[count++];
  const shown = side.graphemes.slice(0, count);
  if (side.leftward) shown.reverse();
  return { text: shown.join(''), cells, whole: side.whole && count === side.widths.length };
}

/**
 * The part of a line that fits `width` terminal cells with the cursor visible: `at` is the grapheme under the cursor
 * (a space when the cursor is at the end). When text is cut on the left `before` starts with '…', when cut on the
 * right `after` ends with '…'. cellWidth(before + at + after) <= width always (width >= 4). If the whole line fits
 * it is shown whole. When it does not fit, the view scrolls around the cursor: stateless, the window is chosen from
 * the line alone (show from the start while the cursor fits there; otherwise keep the cursor near the right edge with
 * ~1/4 of the width of text after it when there is any). A wide grapheme that would straddle the edge is left out.
 * Only the graphemes within `width` cells of the cursor are looked at, never the whole line.
 */
export function lineWindow({ text, cursor }: LineEdit, width: number): LineWindow {
  const atEnd = cursor >= text.length;
  const at: string = atEnd ? ' ' : (graphemesAfter(text, cursor).next().value ?? ' ');
  const atCells = graphemeWidth(at);
  const before = gather(graphemesBefore(text, cursor), width, true);
  const after = gather(graphemesAfter(text, atEnd ? text.length : cursor + at.length), width, false);

  const head = fit(before, width - atCells);
  if (head.whole) {
    const rest = fit(after, width - head.cells - atCells);
    if (rest.whole) return { before: head.text, at, after: rest.text };
    if (head.cells + atCells <= width - 1) {
      return { before: head.text, at, after: `${fit(after, width - head.cells - atCells - 1).text}…` };
    }
  }

  const quarter = Math.floor(width / 4);
  const tail = fit(after, quarter);
  const cut = tail.whole ? null : fit(after, quarter - 1);
  const afterText = cut ? `${cut.text}…` : tail.text;
  const kept = fit(before, width - atCells - (cut ? cut.cells + 1 : tail.cells) - 1);
  return { before: (kept.whole ? '' : '…') + kept.text, at, after: afterText };
}
