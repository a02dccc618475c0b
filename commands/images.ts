import { filtersToQuery, parseEngineFilter } from '../src/domain/images/filter.js';
import { dockerImageRows } from '../src/domain/images/docker-image-rows.js';
import { toRows, type ImageRow } from '../src/domain/images/image.js';
import { sortRows } from '../src/domain/images/sort.js';
import { CommandError, defineCommand, UsageError, type OptionValues } from '../src/shell/command.js';
import { apiAtLeast } from '../src/engine/api/convert.js';
import type { Engine } from '../src/engine/types.js';
import { IMAGE_HEADERS, imageContexts } from '../src/shell/docker-contexts.js';
import { readFormat, renderFormat } from '../src/shell/docker-format.js';
import { imageRaw } from '../src/shell/docker-raw-formats.js';
import { EngineApiError } from '../src/engine/transport/errors.js';

const TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
const TABLE_DIGESTS = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';

export default defineCommand({
  name: 'images',
  asDocker: 'As docker (28\'s output, flags and errors); extras: `--search`, `--json`',
  aliases: ['ls'],
  dockerForm: true,
  summary: 'List images, as docker images does (--search filters them fuzzily)',
  args: [{ name: 'REPOSITORY[:TAG]', complete: 'image', description: 'Only images whose reference matches, as docker matches it (globs: app/*)' }],
  options: [
    { name: 'all', short: 'a', type: 'boolean', description: 'Show all images (default hides intermediate images)' },
    { name: 'quiet', short: 'q', type: 'boolean', description: 'Only show image IDs' },
    { name: 'digests', type: 'boolean', description: 'Show digests' },
    { name: 'no-trunc', type: 'boolean', description: "Don't truncate output" },
    { name: 'filter', short: 'f', type: 'string', repeat: true, value: 'K=V', description: 'Engine filter: dangling, label, reference, before, since, until' },
    { name: 'format', type: 'string', value: 'FORMAT', description: "docker's: table, json, raw, or a Go template ('{{.Repository}}:{{.Tag}}'; 'table …' adds a header)" },
    { name: 'tree', type: 'boolean', description: 'List multi-platform images as a tree (EXPERIMENTAL; API 1.47)' },
    { name: 'search', type: 'string', value: 'QUERY', extra: true, description: 'imgsh: a fuzzy filter over repository, tag, id and labels (the app\'s /)' },
  ],
  examples: ['imgsh images', 'imgsh images -q --filter dangling=true', "imgsh images --format '{{.Repository}}:{{.Tag}}' 'app/*'", 'imgsh images --search bsybx', 'imgsh images --json'],
  async run(ctx, { args, options }) {
    let filters;
    try {
      filters = ((options.filter as string[] | undefined) ?? []).map(parseEngineFilter);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const query = filtersToQuery(filters) ?? {};
    if (args[0]) query.reference = [...(query.reference ?? []), args[0]];
    const format = typeof options.format === 'string' ? options.format : 'table';
    const quiet = options.quiet === true;
    const digests = options.digests === true;
    const engine = await ctx.engine();
    const tree = options.tree === true;
    if (tree) await treeChecks(engine, options);
    // the engine's refusal (a filter it does not know) in docker's words
    const listing = engine.listImages({ all: options.all === true, filters: query, manifests: tree }).catch((e: unknown) => {
      throw e instanceof EngineApiError ? new CommandError(`Error response from daemon: ${e.message}`) : e;
    });
    const search = typeof options.search === 'string' ? options.search : undefined;
    if (ctx.json) {
      const [images, counts] = await Promise.all([listing, engine.containerCounts()]);
      return { json: (await searched(sortRows(toRows(images, counts), 'created'), search)).map(toJson) };
    }
    let images = await listing;
    if (search !== undefined) {
      const keep = new Set((await searched(toRows(images, new Map()), search)).map((r) => r.id));
      images = images.filter((i) => keep.has(i.id));
    }
    if (tree) {
      const { imageTree } = await import('../src/domain/images/image-tree.js');
      // as docker: without -a no dangling image (no tag and no digest), not even one a filter named
      const shown = options.all === true ? images : images.filter((i) => i.repoTags.length > 0 || i.repoDigests.length > 0);
      const out = process.stdout;
      return { text: imageTree(shown, ctx.mode !== 'app' && out.isTTY ? { columns: out.columns ?? 80 } : null), exact: true };
    }
    // as docker: a format given wins over -q; `table` with -q or --digests takes their columns
    const source = format === 'table' ? (quiet ? '{{.ID}}' : digests ? TABLE_DIGESTS : TABLE) : format === 'raw' ? imageRaw(quiet, digests) : format;
    let spec = readFormat(source);
    if (spec.table && digests && !source.includes('{{.Digest}}')) spec = readFormat(`${source}\t{{.Digest}}`);
    const rows = dockerImageRows(images, { digests: digests || source.includes('{{.Digest}}'), digestRows: digests });
    const trunc = options['no-trunc'] !== true;
    const text = renderFormat(spec, imageContexts(rows, trunc), IMAGE_HEADERS);
    // raw ends each image with a blank line, the last one too
    return format === 'raw' ? { text, exact: true } : { text: text.replace(/\n$/, '') };
  },
});

/** imgsh's fuzzy filter (`--search`, the app's /) over rows; all of them without a query. */
async function searched(rows: ImageRow[], query: string | undefined): Promise<ImageRow[]> {
  if (query === undefined) return rows;
  const { RowSearch } = await import('../src/domain/images/fuzzy.js');
  return new RowSearch(rows).search(query).map((h) => h.row);
}

function toJson(r: ImageRow) {
  return {
    repository: r.repository,
    tag: r.tag,
    id: r.id,
    created: new Date(r.created * 1000).toISOString(),
    size: r.size,
    containers: r.containers,
    labels: r.labels,
  };
}

/** docker's refusals before a tree is listed: the API it needs, then the flags it cannot show yet. */
async function treeChecks(engine: Engine, options: OptionValues): Promise<void> {
  const { apiVersion } = await engine.version();
  if (!apiAtLeast(apiVersion, '1.47')) throw new CommandError(`"--tree" requires API version 1.47, but the Docker daemon API version is ${apiVersion}`);
  const refused: [string, string][] = [['quiet', '--quiet'], ['no-trunc', '--no-trunc'], ['digests', '--show-digest'], ['format', '--format']];
  for (const [option, flag] of refused) if (options[option] !== undefined && options[option] !== false) throw new CommandError(`${flag} is not yet supported with --tree`);
}
