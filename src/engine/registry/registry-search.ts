import type { Endpoint } from '../../domain/connection/endpoint.js';
import { registryOf } from '../../domain/images/ref.js';
import { classifyRegistryError } from '../../domain/registry/registry-errors.js';
import type { Credentials } from '../../domain/registry/registry-auth.js';
import { RegistryError } from '../transport/op-errors.js';
import { requestJson } from '../transport/stream.js';
import { EngineApiError } from '../transport/errors.js';
import { RegistryClient, type RegistryResponse } from './registry-http.js';
import type { HubResult, SearchOptions } from '../operation-types.js';
export type { HubResult };

export interface RepositoryTags {
  name: string;
  tags: string[];
}

const PAGE = 1000;
const MAX_PAGES = 50;
const PARALLEL = 6;

/** A registry's repositories starting with `prefix` (v2 catalog), each with its tags. */
export async function searchRegistry(
  host: string,
  prefix: string,
  opts: { limit: number; credentials: Credentials | null; signal: AbortSignal },
): Promise<RepositoryTags[]> {
  const client = new RegistryClient(host, opts.credentials, opts.signal);
  let names: string[];
  const catalog = await catalogNames(client, prefix, opts.limit);
  if (catalog === null) {
    // no catalog (Docker Hub, GHCR…): a full repository name can still list its tags
    if (!prefix) throw new RegistryError(`${host} does not list its repositories: name one (imgsh search --catalog ${host}/REPOSITORY)`);
    names = [prefix];
  } else names = catalog;
  const out: RepositoryTags[] = [];
  for (let i = 0; i < names.length; i += PARALLEL) {
    const batch = await Promise.all(names.slice(i, i + PARALLEL).map((n) => tagsOf(client, n)));
    for (const r of batch) if (r) out.push(r);
  }
  return out;
}

async function catalogNames(client: RegistryClient, prefix: string, limit: number): Promise<string[] | null> {
  const names: string[] = [];
  let path: string | null = `/v2/_catalog?n=${PAGE}`;
  for (let page = 0; path && page < MAX_PAGES && names.length < limit; page++) {
    const res: RegistryResponse = await client.get(path);
    if (res.status === 404 || res.status === 403 || res.status === 405) return null;
    const repos = json<{ repositories?: string[] | null }>(client.host, res).repositories ?? [];
    names.push(...repos.filter((r) => r.startsWith(prefix)));
    path = nextPage(String(res.headers.link ?? ''));
  }
  return names.slice(0, limit);
}

async function tagsOf(client: RegistryClient, name: string): Promise<RepositoryTags | null> {
  const res = await client.get(`/v2/${name}/tags/list`);
  if (res.status === 404) return null;
  const tags = json<{ tags?: string[] | null }>(client.host, res).tags ?? [];
  return { name: `${client.host}/${name}`, tags: [...tags].sort() };
}

/** `</v2/_catalog?last=x&n=100>; rel="next"` → the path. */
function nextPage(link: string): string | null {
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  if (!m) return null;
  return m[1].startsWith('/') ? m[1] : new URL(m[1]).pathname + new URL(m[1]).search;
}

function json<T>(host: string, res: RegistryResponse): T {
  if (res.status !== 200) throw new RegistryError(`${host} answered HTTP ${res.status}: ${res.body.trim().split('\n')[0].slice(0, 200)}`);
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new RegistryError(`${host} did not answer with JSON: is it a registry (v2 API)?`);
  }
}

/**
 * The engine's search (/images/search, what `docker search` asks): Docker Hub's index, or for
 * `HOST/TERM` that registry's v1 search. `limit` unset: the engine's 25. The engine applies
 * the filters (stars, is-official, is-automated) and refuses others in its own words.
 */
export async function searchIndex(endpoint: Endpoint, term: string, opts: SearchOptions): Promise<HubResult[]> {
  let results: { name: string; description?: string; star_count?: number; is_official?: boolean; is_automated?: boolean }[] | null;
  const filters = opts.filters && Object.keys(opts.filters).length > 0 ? opts.filters : undefined;
  try {
    const headers = opts.auth ? { 'X-Registry-Auth': opts.auth } : undefined;
    results = await requestJson<typeof results>(endpoint, 'GET', '/images/search', { query: { term, limit: opts.limit, filters }, headers, signal: opts.signal, timeoutMs: null });
  } catch (e) {
    if (!(e instanceof EngineApiError)) throw e;
    const where = registryOf(term) ?? 'Docker Hub';
    if (classifyRegistryError(e.message, e.status) === 'unreachable') {
      throw new RegistryError(`${where} is unreachable from the engine: check its network or proxy${where === 'Docker Hub' ? ', or list a registry instead (imgsh search --catalog HOST/)' : ''}`);
    }
    throw e;
  }
  return (results ?? []).map((r) => ({
    name: r.name,
    description: r.description ?? '',
    stars: r.star_count ?? 0,
    official: Boolean(r.is_official),
    automated: Boolean(r.is_automated),
  }));
}
