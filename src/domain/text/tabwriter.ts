import { stringWidth } from './go-runewidth.js';

/**
 * The docker CLI's tabwriter (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`): Go's text/tabwriter,
 * elastic tabstops over tab-terminated cells, with widths in terminal cells (go-runewidth).
 */
export interface TabwriterOptions {
  /** Minimal cell width, padding included. */
  minWidth?: number;
  /** Width of a tab when padChar is a tab. */
  tabWidth?: number;
  /** Added to the widest cell of a column. */
  padding?: number;
  padChar?: string;
}

interface Cell {
  text: string;
  width: number;
  /** Terminated by '\t' rather than '\v' (a soft tab), or not at all. */
  htab: boolean;
}

export function tabwrite(text: string, opts: TabwriterOptions = {}): string {
  const { minWidth = 10, tabWidth = 1, padding = 3, padChar = ' ' } = opts;
  let out = '';
  let lines: Cell[][] = [[]];
  let cell = '';

  const terminateCell = (htab: boolean): number => {
    const line = lines[lines.length - 1];
    line.push({ text: cell, width: stringWidth(cell), htab });
    cell = '';
    return line.length;
  };
  const flush = (): void => {
    if (cell.length > 0) terminateCell(false);
    out += render(lines, minWidth, tabWidth, padding, padChar);
    lines = [[]];
  };

  for (const ch of text) {
    if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') {
      cell += ch;
      continue;
    }
    const ncells = terminateCell(ch === '\t');
    if (ch === '\n' || ch === '\f') {
      lines.push([]);
      // A line of one cell cannot affect the columns of the lines after it, so Go flushes there.
      if (ch === '\f' || ncells === 1) flush();
    }
  }
  flush();
  return out;
}

function render(lines: Cell[][], minWidth: number, tabWidth: number, padding: number, padChar: string): string {
  const widths: number[] = [];
  let out = '';

  const writePadding = (textWidth: number, cellWidth: number): void => {
    if (padChar === '\t') {
      if (tabWidth === 0) return;
      const rounded = Math.ceil(cellWidth / tabWidth) * tabWidth;
      out += '\t'.repeat(Math.ceil((rounded - textWidth) / tabWidth));
      return;
    }
    out += padChar.repeat(Math.max(cellWidth - textWidth, 0));
  };

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      lines[i].forEach((c, j) => {
        out += c.text;
        if (j < widths.length) writePadding(c.width, widths[j]);
      });
      // The last buffered line has no line break of its own.
      if (i + 1 < lines.length) out += '\n';
    }
  };

  // Go's format(): the cells of one column in consecutive lines form a block whose width is
  // known once the block ends; the columns to its right are formatted recursively within it.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = minWidth;
      for (; t < line1; t++) {
        const line = lines[t];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + padding);
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
