import { cellWidth } from './cell-width.js';

/** `text` broken into lines of at most `width` columns: at spaces where it can, inside a word where it must. */
export function wrapText(text: string, width: number): string {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let rest = line;
    while (cellWidth(rest) > w) {
      let cut = 0;
      let used = 0;
      for (const ch of rest) {
        const cw = cellWidth(ch);
        if (used + cw > w) break;
        used += cw;
        cut += ch.length;
      }
      const space = rest.lastIndexOf(' ', cut);
      const at = space > 0 ? space : cut;
      out.push(rest.slice(0, at).trimEnd());
      rest = rest.slice(at).replace(/^ /, '');
    }
    out.push(rest);
  }
  return out.join('\n');
}
