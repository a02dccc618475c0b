import { cleanCreatedBy } from '../src/domain/images/details.js';
import { shortId } from '../src/domain/images/image.js';
import { goRfc3339, humanDuration, humanSize } from '../src/domain/text/docker-units.js';
import { defineCommand } from '../src/shell/command.js';
import { dockerContext, readFormat, renderFormat } from '../src/shell/docker-format.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';
import type { HistoryEntry } from '../src/domain/images/details.js';

const TABLE = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const TABLE_EXACT = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const HEADERS = { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' };
/** Before this, docker shows no age (2000-01-01: reproducible builds date their layers 0). */
const EPOCH = Date.UTC(2000, 0, 1) / 1000;

export default defineCommand({
  name: 'history',
  asDocker: 'As docker; extra: `--json`',
  dockerForm: true,
  summary: 'Show the history of an image, as docker history does: one row per layer, newest first',
  args: [{ name: 'IMAGE', required: true, complete: 'image', description: 'Image reference or id' }],
  options: [
    { name: 'human', short: 'H', type: 'boolean', description: 'Sizes and dates in human readable format (default true; -H=false for exact)' },
    { name: 'quiet', short: 'q', type: 'boolean', description: 'Only show image IDs' },
    { name: 'no-trunc', type: 'boolean', description: "Don't truncate output" },
    { name: 'format', type: 'string', value: 'FORMAT', description: "docker's: table, json, or a Go template" },
    platformOption("Of a multi-platform image, the history of this platform (default: this machine's)"),
  ],
  examples: ['imgsh history busybox:latest', "imgsh history --format '{{.CreatedBy}}' --no-trunc app:1", 'imgsh history -H=false -q app:1', 'imgsh history --platform linux/arm64 app:1'],
  async run(ctx, { args, options }) {
    const entries = await (await ctx.engine()).history(args[0], { platform: platformFrom(options) });
    if (ctx.json) return { json: entries.map((e) => ({ ...e, instruction: cleanCreatedBy(e.createdBy) })) };
    const human = options.human !== false;
    const format = typeof options.format === 'string' ? options.format : 'table';
    const source = format === 'table' ? (options.quiet === true ? '{{.ID}}' : human ? TABLE : TABLE_EXACT) : format;
    const trunc = options['no-trunc'] !== true;
    return { text: renderFormat(readFormat(source), entries.map((e) => historyContext(e, trunc, human)), HEADERS).replace(/\n$/, '') };
  },
});

/** What docker's templates see of one layer (its historyContext). */
function historyContext(e: HistoryEntry, trunc: boolean, human: boolean) {
  const createdAt = () => goRfc3339(e.created);
  const by = e.createdBy.replaceAll('\t', ' ');
  const fields = {
    Comment: () => e.comment,
    CreatedAt: createdAt,
    CreatedBy: () => (trunc && [...by].length > 45 ? `${[...by].slice(0, 44).join('')}…` : by),
    CreatedSince: () => (!human ? createdAt() : e.created <= EPOCH ? '' : `${humanDuration(Date.now() / 1000 - e.created)} ago`),
    ID: () => (trunc ? shortId(e.id) : e.id),
    Size: () => (human ? humanSize(e.size, 3) : String(e.size)),
  };
  return dockerContext('*image.historyContext', fields);
}
