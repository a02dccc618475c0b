// The width docker's tables give a cell (its tabwriter measures with go-runewidth, East Asian
// ambiguous runes narrow): control and combining runes 0, wide and fullwidth ones 2, the rest 1;
// a grapheme cluster (an emoji sequence, a flag, a Hangul syllable in jamo) as its first rune of
// any width.
import { eastAsianWidth } from 'get-east-asian-width';

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]$/u;

export function runeWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xad) return 0;
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(String.fromCodePoint(cp))) return 0;
  return eastAsianWidth(cp);
}

let graphemes: Intl.Segmenter | undefined;

export function stringWidth(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  // built on first use: the first Segmenter costs ~15 ms, which a table of ASCII never pays
  graphemes ??= new Intl.Segmenter();
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    for (const ch of segment) {
      const w = runeWidth(ch.codePointAt(0)!);
      if (w > 0) {
        width += w;
        break;
      }
    }
  }
  return width;
}
