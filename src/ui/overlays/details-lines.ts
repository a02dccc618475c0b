import type { ImageDetails } from '../../domain/images/details.js';
import { platformsText } from '../../domain/images/platform.js';
import { formatBytes } from '../../domain/text/size.js';
import { relativeTime } from '../../domain/text/time.js';
import type { Theme } from '../../shell/theme.js';
import type { Line } from '../scroll-lines.js';

const LABEL = 14;
/** Longer tag and digest lists show this many lines, the last saying how many more. */
const FOLD_AT = 6;

function argv(value: string[] | null): string {
  return value?.length ? JSON.stringify(value) : '-';
}

/** The inspect fields, one per line; lists (env, labels …) one item per line. */
export function detailsLines(d: ImageDetails, theme: Theme, nowMs = Date.now()): Line[] {
  const created = Date.parse(d.created);
  const field = (label: string, value: string): Line => [
    { text: label.padEnd(LABEL), color: theme.muted },
    { text: value || '-', color: theme.text },
  ];
  const list = (label: string, values: string[]): Line[] =>
    values.length === 0 ? [field(label, '-')] : values.map((v, i) => field(i === 0 ? label : '', v));
  // an image tagged a thousand times: its names after its own facts, the first few only
  const folded = (label: string, values: string[]): Line[] =>
    values.length <= FOLD_AT
      ? list(label, values)
      : [...list(label, values.slice(0, FOLD_AT - 1)), field('', `+${values.length - FOLD_AT + 1} more (imgsh inspect ${d.id.replace(/^sha256:/, '').slice(0, 12)} lists all)`)];
  return [
    field('ID', d.id),
    field('Created', Number.isNaN(created) ? d.created : `${d.created} (${relativeTime(created / 1000, nowMs)})`),
    field('Size', formatBytes(d.size)),
    field('Platform', [d.os, d.architecture, d.variant].filter(Boolean).join('/')),
    ...(d.platforms && d.platforms.length > 1 ? [field('Platforms', platformsText(d.platforms))] : []),
    field('Entrypoint', argv(d.entrypoint)),
    field('Cmd', argv(d.cmd)),
    field('Workdir', d.workdir),
    field('User', d.user),
    ...list('Ports', d.exposedPorts),
    ...list('Volumes', d.volumes),
    ...list('Env', d.env),
    ...list(
      'Labels',
      Object.entries(d.labels).map(([k, v]) => `${k}=${v}`),
    ),
    field('Layers', String(d.layers.length)),
    ...folded('Tags', d.repoTags),
    ...folded('Digests', d.repoDigests),
  ];
}
