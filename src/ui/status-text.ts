import { engineShortSummary, engineSummary } from '../domain/connection/engine-summary.js';
import { formatBytes } from '../domain/text/size.js';
import type { AppState } from '../store/state.js';
import { truncate } from './text.js';

export interface StatusParts {
  context: string;
  endpoint: string;
  /** The engine, or the red "disconnected" banner when `disconnected`. */
  engine: string;
  usage: string;
  /** Spaces that carry the bar to the right edge. */
  fill: number;
  disconnected: boolean;
}

/** Context, endpoint, engine and disk usage, each cut to share `width` columns. */
export function statusParts(connection: AppState['connection'], disk: AppState['disk'], width: number): StatusParts {
  const disconnected = connection.status === 'disconnected';
  let engine: string;
  if (disconnected) engine = ` disconnected — retrying${connection.error ? `: ${connection.error}` : ''} `;
  else if (connection.status === 'connecting') engine = ' connecting… ';
  else engine = connection.version ? `│ ${engineSummary(connection.version, connection.capabilities)} ` : '';
  const counted = disk && !disconnected && connection.status === 'connected';
  let usage = counted ? `│ ${disk.imageCount} ${disk.imageCount === 1 ? 'image' : 'images'}, ${formatBytes(disk.totalSize)} (${formatBytes(disk.reclaimable)} reclaimable) ` : '';
  // The context is always shown; then, as the width shrinks: the reclaimable figure goes, the
  // engine's build suffix, API version and capabilities go, and the endpoint loses its middle.
  const context = truncate(` ${connection.context} `, Math.max(8, Math.floor(width / 3)));
  const endpointFull = `│ ${connection.endpoint} `;
  const fits = () => context.length + endpointFull.length + engine.length + usage.length <= width;
  if (!fits() && counted) usage = `│ ${disk.imageCount} ${disk.imageCount === 1 ? 'image' : 'images'}, ${formatBytes(disk.totalSize)} `;
  if (!fits() && connection.version && !disconnected && connection.status === 'connected') engine = `│ ${engineShortSummary(connection.version)} `;
  const endpoint = middleCut(endpointFull, Math.max(20, width - context.length - engine.length - usage.length));
  const engineShown = truncate(engine, width - context.length - endpoint.length);
  const usageShown = truncate(usage, width - context.length - endpoint.length - engineShown.length);
  const fill = Math.max(0, width - context.length - endpoint.length - engineShown.length - usageShown.length);
  return { context, endpoint, engine: engineShown, usage: usageShown, fill, disconnected };
}

/** Cuts the middle out of `text` (`│ unix:///var/…/docker.sock `): an endpoint's ends say the most. */
function middleCut(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width < 8) return truncate(text, width);
  // `… (DOCKER_HOST) `: where the endpoint came from goes before its middle does
  const source = / \([^()]*\) $/.exec(text)?.[0] ?? ' ';
  const main = text.slice(0, text.length - source.length);
  const keep = width - source.length >= 16 ? source : ' ';
  const room = width - keep.length - 1;
  const tail = Math.floor(room / 2);
  return `${main.slice(0, room - tail)}…${main.slice(main.length - tail)}${keep}`;
}
