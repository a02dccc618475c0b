// `docker images --tree` (docker 28's experimental view, cli/command/image/tree.go): each image
// with its platforms under it, disk usage and content size, and an "in use" chip. Plain when
// stdout is not a terminal (80 columns), docker's colours and the terminal's width when it is.
import { humanSize } from '../text/docker-units.js';
import { stringWidth } from '../text/go-runewidth.js';
import { stripSgr } from '../text/sgr.js';
import type { ImageSummary, ManifestSummary } from './image.js';

const SPACING = 3;
const WARNING = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on.";

interface Details {
  id: string;
  diskUsage: string;
  contentSize: string;
  inUse: boolean;
}

interface Top {
  names: string[];
  details: Details;
  children: { platform: string; available: boolean; details: Details }[];
  created: number;
}

/** aec's codes, as docker applies them (some even when stdout is not a terminal). */
const SGR = { reset: '\x1b[0m', title: '\x1b[39m\x1b[1m', name: '\x1b[34m\x1b[1m', secondary: '\x1b[39m', tertiary: '\x1b[39m\x1b[2m', faint: '\x1b[2m', warning: '\x1b[93m' };
const paint = (codes: string, s: string) => (codes ? `${codes}${s}${SGR.reset}` : s);
/** Cells on the screen, colour codes left out (tui.Width). */
const plainWidth = (s: string) => stringWidth(stripSgr(s));

/** tui.Ellipsis: from `length` runes on, the first `length - 1` and `…`. */
function cut(s: string, length: number): string {
  const runes = [...s];
  return runes.length < length ? s : `${runes.slice(0, Math.max(0, length - 1)).join('')}…`;
}

type Align = 'left' | 'right';
interface Column {
  title: string;
  width: number;
  align: Align;
  value?: (d: Details) => string;
  /** Its own colour (the chips), not the row's. */
  plain?: boolean;
}

function print(c: Column, color: string, s: string): string {
  const width = plainWidth(s);
  if (width > c.width) return paint(color, cut(s, c.width));
  const fill = ' '.repeat(c.width - width);
  return c.align === 'right' ? fill + paint(color, s) : paint(color, s) + fill;
}

function topImages(images: readonly ImageSummary[]): { tops: Top[]; spacing: boolean } {
  let spacing = false;
  const tops = images.map((img): Top => {
    const details: Details = { id: img.id, diskUsage: humanSize(img.size, 3), contentSize: '', inUse: (img.containers ?? 0) > 0 };
    let content = 0;
    const children: Top['children'] = [];
    for (const m of img.manifests ?? []) {
      content += m.content;
      if (m.kind !== 'image') continue;
      const sub = { platform: m.platform, available: m.available, details: { id: m.id, diskUsage: humanSize(m.total, 3), contentSize: humanSize(m.content, 3), inUse: m.inUse } };
      if (m.inUse) details.inUse = true;
      children.push(sub);
      spacing = true;
    }
    details.contentSize = humanSize(content, 3);
    return { names: img.repoTags, details, children, created: img.created };
  });
  // Go's sort.Slice is not stable: equal times keep the engine's order here
  return { tops: tops.sort((a, b) => b.created - a.created), spacing };
}

/** The whole output of `images --tree` over the engine's list (with its manifests); `terminal`: stdout's width, or null. */
export function imageTree(images: readonly ImageSummary[], terminal: { columns: number } | null): string {
  const isTerm = terminal !== null;
  const width = Math.max(20, terminal?.columns || 80);
  const { tops, spacing } = topImages(images);
  const chipInUse = isTerm ? '\x1b[38;5;0m\x1b[48;5;14m U \x1b[0m' : 'U';
  const chipBlank = isTerm ? '   ' : ' ';
  const anyInUse = tops.some((t) => t.details.inUse || t.children.some((c) => c.details.inUse));
  const chipsWidth = anyInUse ? plainWidth(chipInUse) : 0;
  let columns: Column[] = [
    { title: 'Image', width: 0, align: 'left' },
    { title: 'ID', width: 12, align: 'left', value: (d) => d.id.replace(/^sha256:/, '').slice(0, 12) },
    { title: 'Disk usage', width: 10, align: 'right', value: (d) => d.diskUsage },
    { title: 'Content size', width: 12, align: 'right', value: (d) => d.contentSize },
    { title: 'Extra', width: Math.max('Extra'.length, chipsWidth), align: 'left', plain: true, value: (d) => (anyInUse ? (d.inUse ? chipInUse : chipBlank) : '') },
  ];
  // the first column takes what the others leave, down to 12; columns that do not fit go
  let nameWidth = width;
  for (let i = 1; i < columns.length; i++) {
    const d = columns[i].width + SPACING;
    if (nameWidth - d < 12) {
      columns = columns.slice(0, i);
      break;
    }
    nameWidth -= d;
  }
  // Go's len: bytes (`└─ ` is 7 of them), as docker measures this column
  const len = (s: string) => Buffer.byteLength(s);
  let widest = 'Image'.length;
  for (const t of tops) {
    for (const n of t.names) widest = Math.max(widest, len(n));
    for (const c of t.children) widest = Math.max(widest, len(c.platform) + len('└─ '));
  }
  columns[0].width = Math.min(nameWidth, widest);

  const color = (codes: string) => (isTerm ? codes : '');
  const out: string[] = [];
  out.push(isTerm ? paint(SGR.warning, WARNING) : WARNING);
  const info = isTerm ? '\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m' : ' Info -> ';
  const legend = `${info} ${isTerm ? chipInUse : 'U'} In Use `;
  out.push(' '.repeat(Math.max(0, width - plainWidth(legend))) + legend);
  out.push('');
  out.push(columns.map((c) => print(c, SGR.title, c.title.toUpperCase())).join(' '.repeat(SPACING)));
  const details = (rowColor: string, d: Details) =>
    columns.filter((c) => c.value).map((c) => ' '.repeat(SPACING) + print(c, c.plain ? '' : rowColor, c.value!(d))).join('');
  for (const t of tops) {
    let line = '';
    if (t.names.length === 0) line += print(columns[0], color(SGR.tertiary), '<untagged>');
    const names = [...t.names].sort((a, b) => b.length - a.length);
    names.forEach((name, i) => {
      // every name but the last on a line of its own, cut only at a terminal's width
      if (i < names.length - 1) out.push(paint(color(SGR.name), isTerm ? cut(name, width) : name));
      else line += print(columns[0], color(SGR.name), name);
    });
    out.push(line + details(color(SGR.secondary), t.details));
    t.children.forEach((c, i) => {
      const rowColor = color(c.available ? SGR.secondary : SGR.secondary + SGR.faint);
      out.push(print(columns[0], rowColor, `${i === t.children.length - 1 ? '└─' : '├─'} ${c.platform}`) + details(rowColor, c.details));
    });
    // a blank line between images once any has platforms under it
    if (t.children.length > 0 || spacing) out.push('');
  }
  return out.join('\n') + '\n';
}

