import { filtersToQuery, parseEngineFilter } from '../src/domain/images/filter.js';
import { toRows, type ImageRow } from '../src/domain/images/image.js';
import { formatBytes } from '../src/domain/text/size.js';
import { sortRows } from '../src/domain/images/sort.js';
import { relativeTime } from '../src/domain/text/time.js';
import { defineCommand, UsageError } from '../src/shell/command.js';
import { formatTable } from '../src/shell/table.js';

export default defineCommand({
  name: 'images',
  aliases: ['ls'],
  summary: 'List images, one row per tag (QUERY filters them fuzzily)',
  args: [{ name: 'QUERY', complete: 'image', description: 'Fuzzy filter over repository, tag, id and labels' }],
  options: [
    { name: 'all', short: 'a', type: 'boolean', description: 'Show all images, including intermediate ones' },
    { name: 'filter', short: 'f', type: 'string', repeat: true, value: 'K=V', description: 'Engine filter: dangling, label, reference, before, since' },
    { name: 'format', type: 'string', choices: ['table', 'json'], value: 'table|json', description: 'Output format' },
  ],
  examples: ['imgsh images', 'imgsh images --filter dangling=true', 'imgsh images --format json bsybx'],
  async run(ctx, { args, options }) {
    let filters;
    try {
      filters = ((options.filter as string[] | undefined) ?? []).map(parseEngineFilter);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const engine = await ctx.engine();
    const [images, counts] = await Promise.all([
      engine.listImages({ all: options.all === true, filters: filtersToQuery(filters) }),
      engine.containerCounts(),
    ]);
    let rows = sortRows(toRows(images, counts), 'created');
    if (args[0]) {
      const { RowSearch } = await import('../src/domain/images/fuzzy.js');
      rows = new RowSearch(rows).search(args[0]).map((h) => h.row);
    }
    return ctx.json ? { json: rows.map(toJson) } : { text: table(rows) };
  },
});

function table(rows: ImageRow[]): string {
  return formatTable(
    ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'CONTAINERS'],
    rows.map((r) => [r.repository, r.tag, r.shortId, relativeTime(r.created), formatBytes(r.size), String(r.containers)]),
  );
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
