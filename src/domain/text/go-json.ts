/**
 * Go's json.Indent and json.Compact over JSON text the engine sent: the text is kept as written
 * (key order, escapes, number forms), only the space between tokens changes. docker's inspect
 * prints the engine's own bytes this way, so parsing and printing again would not match it.
 */

/** json.Indent(dst, src, prefix, indent) for valid JSON. */
export function jsonIndent(src: string, indent = '    ', prefix = ''): string {
  let out = '';
  let depth = 0;
  let needIndent = false;
  const newline = () => (out += `\n${prefix}${indent.repeat(depth)}`);
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (needIndent && c !== '}' && c !== ']') {
      needIndent = false;
      depth++;
      newline();
    }
    if (c === '"') {
      const end = stringEnd(src, i);
      out += src.slice(i, end);
      i = end - 1;
      continue;
    }
    switch (c) {
      case '{':
      case '[':
        needIndent = true;
        out += c;
        break;
      case ',':
        out += c;
        newline();
        break;
      case ':':
        out += ': ';
        break;
      case '}':
      case ']':
        if (needIndent) needIndent = false;
        else {
          depth--;
          newline();
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** json.Compact: the space between tokens removed. */
export function jsonCompact(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"') {
      const end = stringEnd(src, i);
      out += src.slice(i, end);
      i = end - 1;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return out;
}

/** The index just past the string that opens at `start`. */
function stringEnd(src: string, start: number): number {
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '"') return i + 1;
  }
  return src.length;
}
