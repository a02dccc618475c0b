import { eastAsianWidth } from 'get-east-asian-width';

/** docker's Ellipsis: at most `max` cells, the last of them `…` when cut (East Asian wide and fullwidth runes are 2, as Go's x/text/width has them). */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return '';
  const runes = [...s];
  if (max === 1) return runes[0] ?? '';
  if (Buffer.byteLength(s) === runes.length) return runes.length <= max ? s : `${runes.slice(0, max - 1).join('')}…`;
  let width = 0;
  const ends = runes.map((r) => (width += eastAsianWidth(r.codePointAt(0)!)));
  if (width <= max) return s;
  const i = ends.findIndex((end, k) => end <= max - 1 && ends[k + 1]! > max - 1);
  return i === -1 ? s : `${runes.slice(0, i + 1).join('')}…`;
}
