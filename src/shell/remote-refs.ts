import { registryOf } from '../domain/images/ref.js';
/** How long a registry's repository list is used before Tab looks again. */
const FRESH_MS = 60_000;
const LOOKUP_TIMEOUT_MS = 3000;
/** Repositories asked of one registry's catalog. */
export const REMOTE_REFS_LIMIT = 500;

/**
 * Tab's registry repositories: what a registry's catalog listed (`HOST/REPO` and `HOST/REPO:TAG`),
 * answered from a cache at once; a host not looked up yet (or not lately) is looked up in the
 * background for the next Tab. A registry that cannot be reached simply offers nothing.
 */
export function createRemoteRefs(lookup: (host: string, signal: AbortSignal) => Promise<{ /** HOST/REPO */ name: string; tags: string[] }[]>) {
  const known = new Map<string, { at: number; refs: string[] }>();
  const pending = new Set<string>();
  const fetchHost = (host: string) => {
    pending.add(host);
    lookup(host, AbortSignal.timeout(LOOKUP_TIMEOUT_MS))
      .then((repos) => repos.flatMap((r) => [r.name, ...r.tags.map((t) => `${r.name}:${t}`)]))
      .catch(() => [])
      .then((refs) => known.set(host, { at: Date.now(), refs }))
      .finally(() => pending.delete(host));
  };
  return (word: string): string[] => {
    const host = registryOf(word);
    if (!host) return [];
    const hit = known.get(host);
    if ((!hit || Date.now() - hit.at > FRESH_MS) && !pending.has(host)) fetchHost(host);
    return hit?.refs ?? [];
  };
}
