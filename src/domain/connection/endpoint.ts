/** Where the engine is and how it was chosen. */
export type Endpoint =
  | { kind: 'unix'; path: string; url: string; source: EndpointSource }
  | { kind: 'tcp'; host: string; port: number; url: string; tls: TlsMaterial | null; source: EndpointSource }
  | {
      kind: 'ssh';
      user: string | null;
      host: string;
      port: number | null;
      /** The engine's socket on the remote host (`ssh://host/var/run/docker.sock`): forwarded, no remote command. */
      socket: string | null;
      url: string;
      source: EndpointSource;
    };

export interface TlsMaterial {
  /** Paths (or null when absent) to PEM files. */
  ca: string | null;
  cert: string | null;
  key: string | null;
  verify: boolean;
}

export type EndpointSource =
  | { from: 'flag' }
  | { from: 'DOCKER_HOST' }
  | { from: 'context'; name: string }
  | { from: 'default' };

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export function describeSource(s: EndpointSource): string {
  switch (s.from) {
    case 'flag':
      return '--host';
    case 'DOCKER_HOST':
      return 'DOCKER_HOST';
    case 'context':
      return `context ${s.name}`;
    case 'default':
      return 'default socket';
  }
}

/** Parses a docker host URL (`unix:///…`, `tcp://h:p`, `ssh://u@h:p[/socket]`); throws with advice. */
export function parseHostUrl(url: string, source: EndpointSource, tls: TlsMaterial | null = null): Endpoint {
  const bad = () =>
    new Error(`bad engine address "${url}": use unix:///path/docker.sock, tcp://HOST:PORT or ssh://USER@HOST`);
  if (url.startsWith('unix://')) {
    const path = url.slice('unix://'.length);
    if (!path) throw bad();
    return { kind: 'unix', path, url, source };
  }
  if (url.startsWith('/')) return { kind: 'unix', path: url, url: `unix://${url}`, source };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad();
  }
  if (u.protocol === 'tcp:' || u.protocol === 'http:' || u.protocol === 'https:') {
    if (!u.hostname) throw bad();
    const port = u.port ? Number(u.port) : tls || u.protocol === 'https:' ? 2376 : 2375;
    return { kind: 'tcp', host: u.hostname, port, url, tls, source };
  }
  if (u.protocol === 'ssh:') {
    if (!u.hostname) throw bad();
    return {
      kind: 'ssh',
      user: u.username ? decodeURIComponent(u.username) : null,
      host: u.hostname,
      port: u.port ? Number(u.port) : null,
      socket: u.pathname && u.pathname !== '/' ? decodeURIComponent(u.pathname) : null,
      url,
      source,
    };
  }
  throw bad();
}

/** A docker context, as the switcher lists it. */
export interface ContextInfo {
  name: string;
  description: string;
  /** The docker endpoint's host URL (`unix:///…`, `tcp://…`, `ssh://…`). */
  endpoint: string;
  /** Why the context cannot be used (a broken meta.json), else empty. */
  error: string;
}
