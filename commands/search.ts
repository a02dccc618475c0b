import { DOCKER_HUB } from '../src/domain/images/ref.js';
import { defineCommand, UsageError } from '../src/shell/command.js';

const MAX_TAGS_SHOWN = 8;

export default defineCommand({
  name: 'search',
  asDocker: 'imgsh\'s: a registry\'s v2 catalogue or Docker Hub; docker\'s `--filter`/`--format` not yet',
  summary: 'Search Docker Hub, or list a registry\'s repositories and tags (HOST/PREFIX)',
  args: [{ name: 'TERM', required: true, description: 'Docker Hub search term, or HOST[:PORT]/[PREFIX] for a registry' }],
  options: [{ name: 'limit', type: 'string', value: 'N', description: 'At most N results (1–100, default 25)' }],
  examples: ['imgsh search busybox', 'imgsh search 127.0.0.1:5000/', 'imgsh search --limit 5 registry.example.com/team/'],
  async run(ctx, { args, options }) {
    const [{ loadCredentials, registryAuthFor }, { searchRegistry }, { formatTable }] = await Promise.all([
      import('../src/engine/registry/credentials.js'),
      import('../src/engine/registry/registry-search.js'),
      import('../src/shell/table.js'),
    ]);
    const limit = limitOption(options.limit as string | undefined);
    const target = registryTarget(args[0]);
    if (target) {
      const credentials = await loadCredentials(target.host);
      const repos = await searchRegistry(target.host, target.prefix, { limit, credentials, signal: ctx.signal });
      const text = repos.length
        ? formatTable(['REPOSITORY', 'TAGS'], repos.map((r) => [r.name, tagList(r.tags)]))
        : `No repositories in ${target.host}${target.prefix ? ` starting with ${target.prefix}` : ''}`;
      return { text, json: repos };
    }
    const engine = await ctx.engine();
    const auth = await registryAuthFor(DOCKER_HUB);
    const hits = await engine.searchHub(args[0], { limit, auth, signal: ctx.signal });
    const text = hits.length
      ? formatTable(['NAME', 'DESCRIPTION', 'STARS', 'OFFICIAL'], hits.map((h) => [h.name, h.description.slice(0, 60), String(h.stars), h.official ? '[OK]' : '']))
      : `Nothing found on Docker Hub for "${args[0]}"`;
    return { text, json: hits };
  },
});

/** `127.0.0.1:5000/team/` → host and prefix; null for a Docker Hub term. */
function registryTarget(term: string): { host: string; prefix: string } | null {
  const slash = term.indexOf('/');
  if (slash < 0) return null;
  const host = term.slice(0, slash);
  if (!/[.:]/.test(host) && host !== 'localhost') return null;
  return { host, prefix: term.slice(slash + 1) };
}

function limitOption(value: string | undefined): number {
  if (value === undefined) return 25;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--limit must be a whole number from 1 to 100 (got "${value}")`);
  return n;
}

function tagList(tags: string[]): string {
  if (tags.length <= MAX_TAGS_SHOWN) return tags.join(' ') || '-';
  return `${tags.slice(0, MAX_TAGS_SHOWN).join(' ')} … (${tags.length} tags)`;
}
