import { filtersToQuery, parseEngineFilter } from '../src/domain/images/filter.js';
import { DOCKER_HUB, registryOf } from '../src/domain/images/ref.js';
import { ellipsis } from '../src/domain/text/ellipsis.js';
import type { HubResult } from '../src/engine/operation-types.js';
import { defineCommand, UsageError } from '../src/shell/command.js';
import { dockerContext, MARSHAL, readFormat, renderFormat } from '../src/shell/docker-format.js';

const MAX_TAGS_SHOWN = 8;
const TABLE = 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}';
const HEADERS = { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL' };
const AUTOMATED_WARNING = 'WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=true" will not yield any results in future.';

export default defineCommand({
  name: 'search',
  dockerForm: true,
  asDocker: 'As docker (Docker Hub, or `HOST/TERM` through the registry\'s v1 search); `--catalog` lists a registry\'s repositories and tags (v2), as `:search HOST/` does in the app',
  summary: 'Search Docker Hub (or a registry\'s index) for images; --catalog lists a registry\'s repositories and tags',
  args: [{ name: 'TERM', required: true, description: 'A search term (HOST/TERM searches that registry), or with --catalog HOST[:PORT]/[PREFIX]' }],
  options: [
    { name: 'filter', short: 'f', type: 'string', repeat: true, value: 'K=V', description: 'stars=N, is-official=true|false (the engine filters)' },
    { name: 'format', type: 'string', value: 'FORMAT', description: "docker's: table, json, or a Go template ('{{.Name}} {{.StarCount}}')" },
    { name: 'limit', type: 'string', value: 'N', description: 'At most N results (the engine allows 1–100; default 25)' },
    { name: 'no-trunc', type: 'boolean', description: 'Do not cut descriptions' },
    { name: 'catalog', type: 'boolean', extra: true, description: "imgsh: list HOST's repositories whose names start with PREFIX, with their tags (the registry's v2 catalogue)" },
  ],
  examples: ['imgsh search busybox', "imgsh search --filter stars=100 --format '{{.Name}}' alpine", 'imgsh search --catalog 127.0.0.1:5000/', 'imgsh search --catalog --limit 5 registry.example.com/team/'],
  async run(ctx, { args, options }) {
    const term = args[0];
    const catalog = options.catalog === true || (ctx.mode === 'app' && catalogTarget(term) !== null);
    if (catalog) return listCatalog(ctx.signal, term, options.limit as string | undefined);
    let filters;
    try {
      filters = filtersToQuery(((options.filter as string[] | undefined) ?? []).map(parseEngineFilter));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const limit = dockerLimit(options.limit as string | undefined);
    const [{ registryAuthFor }, engine] = await Promise.all([import('../src/engine/registry/credentials.js'), ctx.engine()]);
    const auth = await registryAuthFor(indexHost(term));
    const hits = await engine.searchIndex(term, { limit, filters, auth, signal: ctx.signal });
    const warning = filters['is-automated'] ? AUTOMATED_WARNING : undefined;
    if (ctx.json) return { json: hits, warning };
    const source = typeof options.format === 'string' ? options.format : 'table';
    const trunc = options['no-trunc'] !== true;
    const rows = hits.map((h) => searchContext(h, trunc));
    return { text: renderFormat(readFormat(source === 'table' ? TABLE : source), rows, HEADERS).replace(/\n$/, ''), warning };
  },
});

/**
 * What docker 28's templates see of one result (registry.searchContext: no IsAutomated any more).
 * Marshalled (`{{json .}}`), a row says true/false, and goes on saying so, as docker's does.
 */
function searchContext(h: HubResult, trunc: boolean) {
  let json = false;
  const flag = (v: boolean) => (json ? String(v) : v ? '[OK]' : '');
  const context = dockerContext('*registry.searchContext', {
    Description: () => {
      const oneLine = h.description.replaceAll('\n', ' ').replaceAll('\r', ' ');
      return trunc ? ellipsis(oneLine, 45) : oneLine;
    },
    IsOfficial: () => flag(h.official),
    Name: () => h.name,
    StarCount: () => String(h.stars),
  }) as { [MARSHAL]: () => unknown };
  const marshal = context[MARSHAL];
  context[MARSHAL] = () => ((json = true), marshal());
  return context;
}

/** The registry whose credentials go with TERM: HOST of `HOST/TERM`, else Docker Hub (docker's splitReposSearchTerm). */
function indexHost(term: string): string {
  return registryOf(term) ?? DOCKER_HUB;
}

/** `0`, below, or unset: the engine's default; anything else goes to the engine, which refuses what is out of range. */
function dockerLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`invalid argument "${value}" for "--limit" flag: give a whole number`);
  // docker's client sends a limit only above 0
  return n <= 0 ? undefined : n;
}

/** `127.0.0.1:5000/team/` → host and prefix; null for a term with no registry host. */
function catalogTarget(term: string): { host: string; prefix: string } | null {
  const host = registryOf(term);
  return host === null ? null : { host, prefix: term.slice(host.length + 1) };
}

/** imgsh's catalogue listing: HOST's repositories starting with PREFIX, with their tags. */
async function listCatalog(signal: AbortSignal, term: string, limitText: string | undefined) {
  const target = catalogTarget(term);
  if (!target) throw new UsageError(`--catalog lists a registry: give HOST[:PORT]/[PREFIX], e.g. 127.0.0.1:5000/ (got "${term}")`);
  const limit = catalogLimit(limitText);
  const [{ loadCredentials }, { searchRegistry }, { formatTable }] = await Promise.all([
    import('../src/engine/registry/credentials.js'),
    import('../src/engine/registry/registry-search.js'),
    import('../src/shell/table.js'),
  ]);
  const credentials = await loadCredentials(target.host);
  const repos = await searchRegistry(target.host, target.prefix, { limit, credentials, signal });
  const text = repos.length
    ? formatTable(['REPOSITORY', 'TAGS'], repos.map((r) => [r.name, tagList(r.tags)]))
    : `No repositories in ${target.host}${target.prefix ? ` starting with ${target.prefix}` : ''}`;
  return { text, json: repos };
}

function catalogLimit(value: string | undefined): number {
  if (value === undefined) return 25;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--limit must be a whole number from 1 to 100 (got "${value}")`);
  return n;
}

function tagList(tags: string[]): string {
  if (tags.length <= MAX_TAGS_SHOWN) return tags.join(' ') || '-';
  return `${tags.slice(0, MAX_TAGS_SHOWN).join(' ')} … (${tags.length} tags)`;
}
