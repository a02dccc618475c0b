import { cleanCreatedBy } from '../src/domain/images/details.js';
import { shortId } from '../src/domain/images/image.js';
import { formatBytes } from '../src/domain/text/size.js';
import { relativeTime } from '../src/domain/text/time.js';
import { defineCommand } from '../src/shell/command.js';
import { formatTable } from '../src/shell/table.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';

export default defineCommand({
  name: 'history',
  summary: 'Show the history of an image: one row per layer, newest first',
  args: [{ name: 'REF', required: true, complete: 'image', description: 'Image reference or id' }],
  options: [{ name: 'no-trunc', type: 'boolean', description: 'Do not truncate CREATED BY' }, platformOption('Of a multi-platform image, the history of this platform (default: this machine\'s)')],
  examples: ['imgsh history busybox:latest', 'imgsh history --platform linux/arm64 app:1'],
  async run(ctx, { args, options }) {
    const entries = await (await ctx.engine()).history(args[0], { platform: platformFrom(options) });
    const width = options['no-trunc'] ? Infinity : 60;
    const text = formatTable(
      ['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'],
      entries.map((e) => {
        const by = cleanCreatedBy(e.createdBy);
        return [
          e.id === '<missing>' ? '<missing>' : shortId(e.id),
          relativeTime(e.created),
          by.length > width ? `${by.slice(0, width - 1)}…` : by,
          e.empty ? '0B' : formatBytes(e.size),
          e.comment,
        ];
      }),
    );
    return { text, json: entries.map((e) => ({ ...e, instruction: cleanCreatedBy(e.createdBy) })) };
  },
});
