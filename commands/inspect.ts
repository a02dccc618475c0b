import type { ImageDetails } from '../src/domain/images/details.js';
import { formatBytes } from '../src/domain/text/size.js';
import { checkRefOrId } from '../src/domain/images/ref.js';
import { CommandError, defineCommand } from '../src/shell/command.js';
import { platformsText } from '../src/domain/images/platform.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';

export default defineCommand({
  name: 'inspect',
  summary: 'Show the details of an image',
  args: [{ name: 'REF', required: true, complete: 'image', description: 'Image reference or id' }],
  options: [platformOption('Of a multi-platform image, inspect this platform\'s image')],
  examples: ['imgsh inspect busybox:latest', 'imgsh inspect --json 4d5d3336d163', 'imgsh inspect --platform linux/arm64 app:1'],
  async run(ctx, { args, options }) {
    try {
      checkRefOrId(args[0]);
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    const details = await (await ctx.engine()).inspectImage(args[0], { platform: platformFrom(options) });
    return { text: detailsText(details), json: details };
  },
});

export function detailsText(d: ImageDetails): string {
  const list = (xs: string[] | null) => (xs && xs.length ? xs.join(' ') : '-');
  const lines: [string, string][] = [
    ['ID', d.id],
    ['Tags', list(d.repoTags)],
    ['Digests', list(d.repoDigests)],
    ['Created', d.created],
    ['Size', formatBytes(d.size)],
    ['Platform', `${d.os}/${d.architecture}${d.variant ? `/${d.variant}` : ''}`],
    ...(d.platforms && d.platforms.length > 1 ? [['Platforms', platformsText(d.platforms)] as [string, string]] : []),
    ['Entrypoint', d.entrypoint ? JSON.stringify(d.entrypoint) : '-'],
    ['Cmd', d.cmd ? JSON.stringify(d.cmd) : '-'],
    ['Workdir', d.workdir || '-'],
    ['User', d.user || '-'],
    ['Ports', list(d.exposedPorts)],
    ['Volumes', list(d.volumes)],
    ['Layers', String(d.layers.length)],
  ];
  const out = lines.map(([k, v]) => `${k.padEnd(11)}${v}`);
  out.push(`${'Env'.padEnd(11)}${d.env.length ? '' : '-'}`, ...d.env.map((e) => `  ${e}`));
  const labels = Object.entries(d.labels);
  out.push(`${'Labels'.padEnd(11)}${labels.length ? '' : '-'}`, ...labels.map(([k, v]) => `  ${k}=${v}`));
  return out.join('\n');
}
