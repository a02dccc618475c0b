// xterm mouse reporting (SGR, mode 1006): clicks and the wheel, read from the raw input before
// Ink sees it, so a mouse report never becomes keys.

export interface MouseEvent {
  kind: 'click' | 'wheelUp' | 'wheelDown';
  /** 1-based cell. */
  x: number;
  y: number;
}

const SGR = /\x1b\[<(\d+);(\d+);(\d+)([Mm])/g;

/** The mouse reports in `data` (releases and drags dropped) and what else it held. */
export function parseMouse(data: string): { events: MouseEvent[]; rest: string } {
  if (!data.includes('\x1b[<')) return { events: [], rest: data };
  const events: MouseEvent[] = [];
  const rest = data.replace(SGR, (_m, b: string, x: string, y: string, end: string) => {
    const button = Number(b);
    if (end === 'M' && button === 0) events.push({ kind: 'click', x: Number(x), y: Number(y) });
    else if (end === 'M' && button === 64) events.push({ kind: 'wheelUp', x: Number(x), y: Number(y) });
    else if (end === 'M' && button === 65) events.push({ kind: 'wheelDown', x: Number(x), y: Number(y) });
    return '';
  });
  return { events, rest };
}

/** The columns (1-based, inclusive) of each tab's label on the tab line, given the labels in order. */
export function tabColumns(prefix: string, labels: string[], separator = '·'): [number, number][] {
  let at = prefix.length + 1;
  return labels.map((label, i) => {
    if (i > 0) at += separator.length;
    const range: [number, number] = [at, at + label.length - 1];
    at += label.length;
    return range;
  });
}
