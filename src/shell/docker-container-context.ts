// What docker's templates see of a container (docker 28's formatter.ContainerContext), and
// the column titles its tables print over it.
import type { ContainerPort, DiskUsageContainer } from '../domain/images/disk-usage-items.js';
import { familiarName, parseRef } from '../domain/images/ref.js';
import { goTimeString, humanSize } from '../domain/text/docker-units.js';
import { ellipsis } from '../domain/text/ellipsis.js';
import { goQuote } from '../domain/text/go-template-strconv.js';
import { since, truncateId } from './docker-contexts.js';
import { GO_TYPE } from '../domain/text/go-template.js';
import { dockerContext } from './docker-format.js';

export const CONTAINER_HEADERS = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  LocalVolumes: 'LOCAL VOLUMES',
  Size: 'SIZE',
  RunningFor: 'CREATED',
  Status: 'STATUS',
  Names: 'NAMES',
};

export function containerContext(c: DiskUsageContainer, trunc: boolean) {
  const context = dockerContext('*formatter.ContainerContext', {
    Command: () => goQuote(trunc ? ellipsis(c.command, 20) : c.command),
    CreatedAt: () => goTimeString(c.created),
    ID: () => (trunc ? truncateId(c.id) : c.id),
    Image: () => containerImage(c, trunc),
    Labels: () => Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).sort().join(','),
    LocalVolumes: () => String(c.mounts.filter((m) => m.driver === 'local').length),
    Mounts: () => c.mounts.map((m) => (trunc ? ellipsis(m.name || m.source, 15) : m.name || m.source)).join(','),
    Names: () => containerNames(c.names, trunc),
    Networks: () => c.networks.join(','),
    // docker's *formatter.Platform: nil, or a struct printed as os/arch[/variant], marshalled as OCI's
    Platform: () => (c.platform ? platformValue(c.platform) : null) as unknown as string,
    Ports: () => displayablePorts(c.ports),
    RunningFor: () => since(c.created),
    Size: () => humanSize(c.sizeRw, 3),
    State: () => c.state,
    Status: () => c.status,
  });
  // a method with an argument: templates call it, `{{json .}}` leaves it out
  return Object.assign(context, { Label: (name: string) => c.labels[name] ?? '' });
}

function containerImage(c: DiskUsageContainer, trunc: boolean): string {
  if (c.image === '') return '<no image>';
  if (!trunc) return c.image;
  if (truncateId(c.imageId) === truncateId(c.image)) return truncateId(c.image);
  try {
    const ref = parseRef(c.image);
    return ref.tag ? `${familiarName(ref)}:${ref.tag}` : familiarName(ref);
  } catch {
    return c.image;
  }
}

/** Without the leading slash; truncated, the first name that is not a link's alias. */
function containerNames(names: string[], trunc: boolean): string {
  const stripped = names.map((n) => n.slice(1));
  const own = trunc ? stripped.find((n) => !n.includes('/')) : undefined;
  return own !== undefined ? own : stripped.join(',');
}



/** docker's DisplayablePorts: `0.0.0.0:80->80/tcp, 8000-8002/tcp`, ranges of neighbours joined. */
export function displayablePorts(ports: readonly ContainerPort[]): string {
  const sorted = [...ports].sort(
    (a, b) => a.privatePort - b.privatePort || cmp(a.ip, b.ip) || a.publicPort - b.publicPort || cmp(a.type, b.type),
  );
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  for (const p of sorted) {
    let key = p.type;
    if (p.ip !== '') {
      if (p.publicPort !== p.privatePort) {
        mappings.push(`${joinHostPort(p.ip, String(p.publicPort))}->${p.privatePort}/${p.type}`);
        continue;
      }
      key = `${p.ip}/${p.type}`;
    }
    const group = groups.get(key);
    if (group && p.privatePort === group.last + 1) {
      group.last = p.privatePort;
      continue;
    }
    if (group) result.push(formGroup(key, group));
    // set again, a key keeps its first place in the order, as docker's list of keys does
    groups.set(key, { first: p.privatePort, last: p.privatePort });
  }
  for (const [key, group] of groups) result.push(formGroup(key, group));
  return [...result, ...mappings].join(', ');
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const joinHostPort = (host: string, port: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

function formGroup(key: string, { first, last }: { first: number; last: number }): string {
  const parts = key.split('/');
  const [ip, type] = parts.length > 1 ? [parts[0]!, parts[1]!] : ['', parts[0]!];
  let group = first === last ? String(first) : `${first}-${last}`;
  if (ip !== '') group = `${joinHostPort(ip, group)}->${group}`;
  return `${group}/${type}`;
}

function platformValue(p: NonNullable<DiskUsageContainer['platform']>) {
  const text = [p.os, p.architecture, p.variant].filter(Boolean).join('/');
  return { ...p, [GO_TYPE]: '*formatter.Platform', String: () => text, toJSON: () => p };
}
