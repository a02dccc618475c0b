/**
 * An image's inspect document as docker's CLI (28.x) types it before a `-f` template runs: Go
 * structs with every field present (a field the engine left out has its zero value), nil slices
 * and maps that print `[]` and `map[]` but marshal as `null`, `time.Time` printed as Go prints it,
 * and `{{json …}}` as encoding/json writes the struct (field order, `omitempty`, embedded structs
 * flattened). The field lists are those of docker's image.InspectResponse and what it holds.
 */
import { GO_TYPE } from '../text/go-template.js';

type Kind = 'string' | 'int' | 'bool' | 'strings' | 'bytes' | 'labels' | 'set' | 'time' | 'duration' | 'raw' | StructKind;
interface StructKind {
  struct: Field[];
  type: string;
  pointer?: boolean;
}
interface Field {
  name: string;
  kind: Kind;
  json?: string;
  omitempty?: boolean;
  /** An embedded struct: its fields are promoted, and flattened into the parent's JSON. */
  embedded?: boolean;
}

const f = (name: string, kind: Kind, more: Omit<Field, 'name' | 'kind'> = {}): Field => ({ name, kind, ...more });
const o = (name: string, kind: Kind, json?: string): Field => f(name, kind, { omitempty: true, json });

const HEALTH: Field[] = [o('Test', 'strings'), o('Interval', 'duration'), o('Timeout', 'duration'), o('StartPeriod', 'duration'), o('StartInterval', 'duration'), o('Retries', 'int')];
const healthcheck = (type: string): Field => o('Healthcheck', { struct: HEALTH, type, pointer: true });

const CONTAINER_CONFIG: Field[] = [
  f('Hostname', 'string'), f('Domainname', 'string'), f('User', 'string'),
  f('AttachStdin', 'bool'), f('AttachStdout', 'bool'), f('AttachStderr', 'bool'), o('ExposedPorts', 'set'),
  f('Tty', 'bool'), f('OpenStdin', 'bool'), f('StdinOnce', 'bool'), f('Env', 'strings'), f('Cmd', 'strings'),
  healthcheck('container.HealthConfig'), o('ArgsEscaped', 'bool'), f('Image', 'string'), f('Volumes', 'set'),
  f('WorkingDir', 'string'), f('Entrypoint', 'strings'), o('NetworkDisabled', 'bool'), o('MacAddress', 'string'),
  f('OnBuild', 'strings'), f('Labels', 'labels'), o('StopSignal', 'string'), o('StopTimeout', 'raw'), o('Shell', 'strings'),
];

const IMAGE_CONFIG: Field[] = [
  o('User', 'string'), o('ExposedPorts', 'set'), o('Env', 'strings'), o('Entrypoint', 'strings'), o('Cmd', 'strings'),
  o('Volumes', 'set'), o('WorkingDir', 'string'), o('Labels', 'labels'), o('StopSignal', 'string'), o('ArgsEscaped', 'bool'),
];
const IMAGE_CONFIG_EXT: Field[] = [healthcheck('v1.HealthcheckConfig'), o('OnBuild', 'strings'), o('Shell', 'strings')];

const PLATFORM: Field[] = [f('Architecture', 'string', { json: 'architecture' }), f('OS', 'string', { json: 'os' }), o('OSVersion', 'string', 'os.version'), o('OSFeatures', 'strings', 'os.features'), o('Variant', 'string', 'variant')];
const DESCRIPTOR: Field[] = [
  f('MediaType', 'string', { json: 'mediaType' }), f('Digest', 'string', { json: 'digest' }), f('Size', 'int', { json: 'size' }),
  o('URLs', 'strings', 'urls'), o('Annotations', 'labels', 'annotations'), o('Data', 'bytes', 'data'),
  o('Platform', { struct: PLATFORM, type: 'v1.Platform', pointer: true }, 'platform'), o('ArtifactType', 'string', 'artifactType'),
];

const INSPECT: Field[] = [
  f('ID', 'string', { json: 'Id' }), f('RepoTags', 'strings'), f('RepoDigests', 'strings'), f('Parent', 'string'), f('Comment', 'string'),
  o('Created', 'string'), o('Container', 'string'), o('ContainerConfig', { struct: CONTAINER_CONFIG, type: 'container.Config', pointer: true }),
  f('DockerVersion', 'string'), f('Author', 'string'),
  f('Config', {
    type: 'v1.DockerOCIImageConfig',
    pointer: true,
    struct: [f('ImageConfig', { struct: IMAGE_CONFIG, type: 'v1.ImageConfig' }, { embedded: true }), f('DockerOCIImageConfigExt', { struct: IMAGE_CONFIG_EXT, type: 'v1.DockerOCIImageConfigExt' }, { embedded: true })],
  }),
  f('Architecture', 'string'), o('Variant', 'string'), f('Os', 'string'), o('OsVersion', 'string'), f('Size', 'int'), o('VirtualSize', 'int'),
  f('GraphDriver', { struct: [f('Data', 'labels'), f('Name', 'string')], type: 'storage.DriverData' }),
  f('RootFS', { struct: [o('Type', 'string'), o('Layers', 'strings')], type: 'image.RootFS' }),
  f('Metadata', { struct: [o('LastTagTime', 'time')], type: 'image.Metadata' }),
  o('Descriptor', { struct: DESCRIPTOR, type: 'v1.Descriptor', pointer: true }),
  o('Manifests', 'raw'),
];

/** The typed view of one inspect document (the engine's JSON, parsed). */
export function inspectView(raw: unknown): object {
  return struct(INSPECT, 'image.InspectResponse', isObject(raw) ? raw : {});
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function hidden<T extends object>(target: T, name: string, value: unknown): T {
  return Object.defineProperty(target, name, { value, enumerable: false });
}

/** A nil slice or map: prints as empty, marshals as null. */
const nil = <T extends object>(empty: T): T => hidden(empty, 'toJSON', () => null);

function value(kind: Kind, v: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'int':
      return typeof v === 'number' ? v : 0;
    case 'bool':
      return v === true;
    case 'strings':
      return Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s : String(s))) : nil([]);
    case 'bytes':
      // []byte: base64 in JSON, printed as its numbers
      return typeof v === 'string' ? hidden([...Buffer.from(v, 'base64')], 'toJSON', () => v) : nil([]);
    case 'labels':
      return isObject(v) ? { ...v } : nil({});
    case 'set':
      return isObject(v) ? Object.fromEntries(Object.keys(v).map((k) => [k, { [GO_TYPE]: 'struct {}' }])) : nil({});
    case 'time':
      return goTime(typeof v === 'string' ? v : '0001-01-01T00:00:00Z');
    case 'duration':
      return goDuration(typeof v === 'number' ? v : 0);
    case 'raw':
      return v ?? null;
  }
  if (kind.pointer && !isObject(v)) return null;
  return struct(kind.struct, kind.pointer ? `*${kind.type}` : kind.type, isObject(v) ? v : {});
}

function struct(fields: Field[], type: string, raw: Record<string, unknown>): object {
  const out: Record<string | symbol, unknown> = { [GO_TYPE]: type };
  for (const field of fields) out[field.name] = field.embedded ? value(field.kind, raw) : value(field.kind, raw[field.json ?? field.name]);
  for (const field of fields.filter((x) => x.embedded)) {
    const inner = out[field.name] as Record<string, unknown>;
    for (const name of Object.keys(inner)) if (!(name in out)) Object.defineProperty(out, name, { get: () => inner[name], enumerable: false });
  }
  return hidden(out, 'toJSON', () => marshal(fields, out));
}

/** encoding/json of a struct: its fields in order, `omitempty` ones left out when empty. */
function marshal(fields: Field[], s: Record<string, unknown>): object {
  const out: Record<string | symbol, unknown> = { [GO_TYPE]: 'json' };
  for (const field of fields) {
    const v = s[field.name];
    if (field.embedded) Object.assign(out, (v as { toJSON(): object }).toJSON());
    else if (!(field.omitempty && empty(field.kind, v))) out[field.json ?? field.name] = v;
  }
  return out;
}

function empty(kind: Kind, v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0 || v === false) return true;
  if (kind === 'strings' || kind === 'bytes' || kind === 'labels' || kind === 'set' || kind === 'raw') return Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0 && !(GO_TYPE in v);
  if (kind === 'duration') return (v as { ns: number }).ns === 0;
  return false;
}

/** time.Time from RFC 3339: `String()` as Go prints it, JSON as the engine wrote it. */
function goTime(text: string): object {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  const said = m ? `${m[1]} ${m[2]}${m[3] ?? ''} ${m[4] === 'Z' ? '+0000 UTC' : `${m[4].replace(':', '')} ${m[4].replace(':', '')}`}` : text;
  return hidden(hidden({ [GO_TYPE]: 'time.Time' }, 'String', () => said), 'toJSON', () => text);
}

/** time.Duration: `String()` as Go's (1m30s, 500ms), JSON as nanoseconds. */
function goDuration(ns: number): object {
  return hidden(hidden({ [GO_TYPE]: 'time.Duration', ns }, 'String', () => durationString(ns)), 'toJSON', () => ns);
}

export function durationString(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const u = Math.abs(ns);
  const frac = (n: number, unit: number) => {
    const digits = String(unit).length - 1;
    const rest = String(n % unit).padStart(digits, '0').replace(/0+$/, '');
    return `${Math.floor(n / unit)}${rest ? `.${rest}` : ''}`;
  };
  if (u < 1e3) return `${sign}${u}ns`;
  if (u < 1e6) return `${sign}${frac(u, 1e3)}µs`;
  if (u < 1e9) return `${sign}${frac(u, 1e6)}ms`;
  const s = Math.floor(u / 1e9);
  const [h, m] = [Math.floor(s / 3600), Math.floor(s / 60) % 60];
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${frac(u % 6e10, 1e9)}s`;
}
