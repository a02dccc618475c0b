import type { IncomingHttpHeaders } from 'node:http';
import { basicAuthorization, type Credentials } from '../../domain/registry/registry-auth.js';
import { RegistryError } from '../transport/op-errors.js';

// A small client for a registry's v2 API, spoken by imgsh itself (the engine has no API for
// listing a registry). HTTPS, or plain HTTP on loopback as the engine allows; Basic auth, or
// the Bearer token flow, from the user's stored credentials.

export interface RegistryResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const TIMEOUT_MS = 15_000;

export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** `Bearer realm="…",service="…",scope="…"` → scheme and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) params[m[1].toLowerCase()] = m[2];
  return { scheme, params };
}

export class RegistryClient {
  private scheme: 'https' | 'http' | null = null;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly host: string,
    private readonly credentials: Credentials | null,
    private readonly signal: AbortSignal,
  ) {}

  /** GET a path of the registry; 401s are answered with credentials once. */
  async get(path: string): Promise<RegistryResponse> {
    let res = await this.send(path, null);
    if (res.status !== 401) return res;
    const challenge = parseChallenge(String(res.headers['www-authenticate'] ?? ''));
    const authorization = await this.authorization(challenge);
    if (!authorization) throw new RegistryError(`${this.host} requires a login: run imgsh login ${this.host}`);
    res = await this.send(path, authorization);
    if (res.status === 401) throw new RegistryError(`${this.host} refused the stored credentials: run imgsh login ${this.host} again`);
    return res;
  }

  private async authorization(c: { scheme: string; params: Record<string, string> }): Promise<string | null> {
    if (c.scheme === 'basic') return this.credentials ? basicAuthorization(this.credentials) : null;
    if (c.scheme !== 'bearer' || !c.params.realm) return null;
    const scope = c.params.scope ?? '';
    const cached = this.tokens.get(scope);
    if (cached) return `Bearer ${cached}`;
    const url = new URL(c.params.realm);
    if (c.params.service) url.searchParams.set('service', c.params.service);
    if (scope) url.searchParams.set('scope', scope);
    const basic = this.credentials ? basicAuthorization(this.credentials) : null;
    const res = await this.request(url, basic);
    if (res.status === 401 || res.status === 403) throw new RegistryError(`${this.host} refused the stored credentials: run imgsh login ${this.host} again`);
    if (res.status !== 200) throw new RegistryError(`${this.host}'s token service answered HTTP ${res.status}`);
    const token = tokenOf(res.body);
    if (!token) return null;
    this.tokens.set(scope, token);
    return `Bearer ${token}`;
  }

  private async send(path: string, authorization: string | null): Promise<RegistryResponse> {
    if (this.scheme) return this.request(new URL(`${this.scheme}://${this.host}${path}`), authorization);
    try {
      const res = await this.request(new URL(`https://${this.host}${path}`), authorization);
      this.scheme = 'https';
      return res;
    } catch (err) {
      // the engine talks plain HTTP to loopback registries; so do we, and only to those
      if (!isLoopback(this.host) || this.signal.aborted) throw err;
      this.scheme = 'http';
      return this.request(new URL(`http://${this.host}${path}`), authorization);
    }
  }

  private async request(url: URL, authorization: string | null): Promise<RegistryResponse> {
    const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (authorization) headers.Authorization = authorization;
      const req = mod.request(url, { method: 'GET', headers, signal: this.signal, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (err: NodeJS.ErrnoException) => reject(unreachable(url.host, err)));
      req.end();
    });
  }
}

function tokenOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { token?: string; access_token?: string };
    return parsed.token || parsed.access_token || null;
  } catch {
    return null;
  }
}

function unreachable(host: string, err: NodeJS.ErrnoException): Error {
  if (err.name === 'AbortError') return err;
  const why = err.code === 'ENOTFOUND' ? 'no such host' : err.code === 'ECONNREFUSED' ? 'connection refused' : err.code ?? err.message;
  return Object.assign(new RegistryError(`cannot reach ${host} (${why}): check the registry address and that it is running`), { code: err.code });
}
