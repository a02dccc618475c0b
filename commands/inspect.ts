import type { ImageDetails } from '../src/domain/images/details.js';
import { formatBytes } from '../src/domain/text/size.js';
import { checkRefOrId } from '../src/domain/images/ref.js';
import { CommandError, defineCommand } from '../src/shell/command.js';
import { platformsText } from '../src/domain/images/platform.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';
import { inspectFormat, inspectLine, inspectText } from '../src/shell/docker-inspect.js';
import { goQuote } from '../src/domain/text/go-template-strconv.js';
import { EngineApiError, ImageNotFoundError } from '../src/engine/transport/errors.js';

const DOCKER_TYPES = ['config', 'container', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'task', 'volume'];

export default defineCommand({
  name: 'inspect',
  asDocker: 'As docker for images (`--type image` only: imgsh has no containers); extras: `--pretty`, `--json`',
  dockerForm: true,
  summary: "Show images' details, as docker inspect does (--pretty: imgsh's summary)",
  args: [{ name: 'IMAGE', required: true, variadic: true, complete: 'image', description: 'Image reference or id' }],
  options: [
    { name: 'format', short: 'f', type: 'string', value: 'FORMAT', description: "docker's: json, or a Go template ('{{.Id}}', '{{json .Config}}')" },
    { name: 'type', type: 'string', value: 'TYPE', description: 'Only inspect objects of this type (imgsh inspects images)' },
    { name: 'size', short: 's', type: 'boolean', description: "docker's, for containers: accepted and ignored" },
    platformOption("Of a multi-platform image, inspect this platform's image"),
    { name: 'pretty', type: 'boolean', extra: true, description: "imgsh: a summary to read (tags, size, platforms, config) instead of the engine's JSON" },
  ],
  examples: ['imgsh inspect busybox:latest', "imgsh image inspect -f '{{.Id}} {{.Size}}' busybox", 'imgsh inspect --pretty 4d5d3336d163', 'imgsh inspect --json --platform linux/arm64 app:1'],
  async run(ctx, { args, options }) {
    for (const ref of args) {
      try {
        checkRefOrId(ref);
      } catch (e) {
        throw new CommandError((e as Error).message);
      }
    }
    const type = options.type as string | undefined;
    if (type && type !== 'image') {
      if (!DOCKER_TYPES.includes(type)) throw new CommandError(`unknown type: ${goQuote(type)}: must be one of ${DOCKER_TYPES.map((t) => goQuote(t)).join(', ')}`);
      throw new CommandError(`imgsh inspects images: --type ${type} is for docker inspect`);
    }
    const platform = platformFrom(options);
    const engine = await ctx.engine();
    if (ctx.json || options.pretty === true) {
      const details = [];
      for (const ref of args) details.push(await engine.inspectImage(ref, { platform }));
      return { text: details.map(detailsText).join('\n\n'), json: details.length === 1 ? details[0] : details };
    }
    const format = inspectFormat(typeof options.format === 'string' ? options.format : undefined);
    const documents: string[] = [];
    const lines: string[] = [];
    const errors: string[] = [];
    for (const ref of args) {
      try {
        const document = await engine.inspectDocument(ref, { platform });
        if (format.kind === 'template') lines.push(inspectLine(format.template, document));
        else documents.push(document);
      } catch (e) {
        // the engine's refusal of one reference, or a template failing on its document: the others still go
        if (!(e instanceof EngineApiError) && !(e instanceof CommandError)) throw e;
        errors.push(ctx.mode === 'app' ? e.message : dockerError(e, ref, options.type !== undefined));
      }
    }
    const text = inspectText(format, documents, lines);
    if (errors.length) throw new CommandError(errors.join('\n'), { text });
    return { text, warning: options.size === true ? 'WARNING: --size ignored for image' : undefined };
  },
});

/** docker's line: `image inspect` (--type image) relays the engine; plain `inspect` looked for any object. */
function dockerError(e: Error, ref: string, typed: boolean): string {
  if (e instanceof ImageNotFoundError) return typed ? `Error response from daemon: ${e.said}` : `Error: No such object: ${ref}`;
  return e instanceof EngineApiError ? `Error response from daemon: ${e.said}` : e.message;
}

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
