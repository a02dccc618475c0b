import type { DiskUsageRow } from '../src/domain/images/details.js';
import { humanSize } from '../src/domain/text/docker-units.js';
import { defineCommand } from '../src/shell/command.js';
import { dockerContext, readFormat, renderFormat } from '../src/shell/docker-format.js';
import { diskUsageRaw } from '../src/shell/docker-raw-formats.js';

const TABLE = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const HEADERS = { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' };

export default defineCommand({
  name: 'df',
  dockerForm: true,
  asDocker: "docker's `system df`",
  summary: 'Show the engine\'s disk usage: images, containers, local volumes, build cache (docker system df)',
  args: [],
  options: [
    { name: 'format', type: 'string', value: 'FORMAT', description: "docker's: table, json, raw, or a Go template ('{{.Type}} {{.Size}}')" },
    { name: 'verbose', short: 'v', type: 'boolean', description: 'each image, container, volume and build cache record' },
  ],
  examples: ['imgsh system df', "imgsh system df --format '{{.Type}}: {{.Reclaimable}}'", 'imgsh df --json'],
  async run(ctx, { options }) {
    const { verboseDiskUsage } = await import('../src/shell/docker-df-verbose.js');
    const usage = await (await ctx.engine()).diskUsage();
    const source = typeof options.format === 'string' ? options.format : 'table';
    if (options.verbose === true) {
      if (ctx.json) return { json: usage.items };
      // a template's output as docker prints it: no line end of its own
      return { text: verboseDiskUsage(usage.items, source), exact: source !== 'table' };
    }
    if (ctx.json) return { json: usage.rows };
    const spec = readFormat(source === 'table' ? TABLE : source === 'raw' ? diskUsageRaw(false) : source);
    const text = renderFormat(spec, usage.rows.map(rowContext), HEADERS);
    // raw ends each type with a blank line, the last one too
    return source === 'raw' ? { text, exact: true } : { text: text.replace(/\n$/, '') };
  },
});

/** What docker's templates see of one row (formatter.diskUsage*Context), keys sorted for `{{json .}}`. */
function rowContext(r: DiskUsageRow) {
  const share = r.percent && r.size > 0 ? ` (${Math.trunc((r.reclaimable * 100) / r.size)}%)` : '';
  return dockerContext('*formatter.diskUsageContext', {
    Active: () => String(r.active),
    Reclaimable: () => `${humanSize(r.reclaimable)}${share}`,
    Size: () => humanSize(r.size),
    TotalCount: () => String(r.total),
    Type: () => r.type,
  });
}
