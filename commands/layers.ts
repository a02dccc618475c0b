import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';

export default defineCommand({
  name: 'layers',
  asDocker: 'imgsh\'s (dive\'s layer view and CI gate; docker has none)',
  summary: "Show what each layer changed, the wasted space and the image's efficiency; a CI gate with thresholds",
  args: [{ name: 'REF', required: true, complete: 'image', description: 'Image reference or id; with --archive, an archive file' }],
  options: [
    { name: 'lowest-efficiency', type: 'string', value: 'RATIO', description: 'Fail (exit 1) below this efficiency, e.g. 0.95' },
    { name: 'highest-wasted-bytes', type: 'string', value: 'SIZE', description: 'Fail (exit 1) above this many wasted bytes, e.g. 20MB' },
    { name: 'highest-user-wasted-percent', type: 'string', value: 'RATIO', description: 'Fail (exit 1) above this share of wasted bytes outside the base layer, e.g. 0.1' },
    { name: 'all', type: 'boolean', description: 'List every change of every layer (text output shows 50 a layer)' },
    { name: 'advice', type: 'boolean', description: 'List the changes that would shrink the image, each with the bytes it saves' },
    platformOption('Of a multi-platform image, read this platform\'s layers (default: this machine\'s)'),
    { name: 'archive', type: 'boolean', description: 'REF is an image archive file: docker save, or skopeo docker-archive / oci-archive (plain or gzip layers)' },
  ],
  examples: [
    'imgsh layers app:1',
    'imgsh layers app:1 --lowest-efficiency 0.95 --highest-wasted-bytes 20MB',
    'imgsh layers app:1 --json',
    'imgsh layers --archive app.oci.tar',
    'imgsh layers --platform linux/arm64 app:1',
    'imgsh layers --advice app:1',
  ],
  async run(ctx, { args, options }) {
    const [{ analyzeLayers }, { checkThresholds, layerRows, parseThresholds, percent, reportText, traceWaste }, { archiveWithProgress, indexWithProgress, notCachedWarning }] = await Promise.all([
      import('../src/domain/layers/layer-changes.js'),
      import('../src/domain/layers/layer-report.js'),
      import('../src/shell/layer-index-progress.js'),
    ]);
    let thresholds;
    try {
      thresholds = parseThresholds({
        lowestEfficiency: options['lowest-efficiency'] as string | undefined,
        highestWastedBytes: options['highest-wasted-bytes'] as string | undefined,
        highestUserWastedPercent: options['highest-user-wasted-percent'] as string | undefined,
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const platform = platformFrom(options);
    if (platform && options.archive) throw new UsageError('--platform is for images on the engine; an archive is read as it is');
    const read = options.archive ? { index: await archiveWithProgress(ctx, args[0]), cached: false } : await indexWithProgress(ctx, args[0], platform);
    const { index, cached } = read;
    const warning = 'notCached' in read ? notCachedWarning(read.notCached, args[0]) : undefined;
    // the Dockerfile lines of the steps: imgsh's record of the build, or the image's imgsh.dockerfile label
    const built = 'labels' in read ? await import('../src/shell/dockerfile-lines.js').then((m) => m.dockerfileLines(ctx, args[0], index, read.labels)) : null;
    // the advice is text in the app too (the output overlay), not a view of the Layers pane
    if (ctx.app?.showLayers && !options.advice) {
      ctx.app.showLayers(args[0], index, options.archive === true, built?.lines);
      return { text: `${cached ? 'Opened' : 'Indexed'} the ${index.layers.length} layers of ${args[0]}${warning ? ` (${warning})` : ''}` };
    }
    const analysis = analyzeLayers(index.layers.map((l) => l.entries));
    const rows = layerRows(index, analysis);
    if (options.advice) {
      const { indexAdvice, adviceText } = await import('../src/domain/layers/image-advice-text.js');
      const advice = indexAdvice(index, analysis, built?.lines);
      const saves = advice.reduce((sum, a) => sum + a.bytes, 0);
      return { text: adviceText(args[0], analysis.totalBytes, advice), json: { ref: args[0], imageId: index.imageId, totalBytes: analysis.totalBytes, saves, advice }, warning };
    }
    const checks = checkThresholds(analysis, thresholds);
    const text = reportText(index.platform ? `${args[0]} (${index.platform})` : args[0], rows, analysis, checks, options.all ? Infinity : 50, built?.lines);
    const json = {
      ref: args[0],
      imageId: index.imageId,
      format: index.format,
      ...(index.platform ? { platform: index.platform } : {}),
      layers: rows,
      totalBytes: analysis.totalBytes,
      wastedBytes: analysis.wastedBytes,
      // each copy with the step that wrote it and the one that replaced or removed it
      wasted: traceWaste(rows, analysis, built?.lines),
      ...(built ? { dockerfile: built.dockerfile } : {}),
      efficiency: analysis.efficiency,
      userWastedPercent: analysis.userWastedPercent,
      checks,
    };
    const failed = checks.filter((c) => !c.pass);
    if (failed.length > 0) {
      throw new CommandError(`${failed.map((c) => c.name).join(', ')} failed (efficiency ${percent(analysis.efficiency)})`, { text, json, warning });
    }
    return { text, json, warning };
  },
});
