import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';

export default defineCommand({
  name: 'diff',
  asDocker: "imgsh's (docker has no image diff)",
  summary: "What changed between two images' files: added, removed and changed, by folder; a CI gate on growth",
  args: [
    { name: 'A', required: true, complete: 'image', description: 'The image before' },
    { name: 'B', required: true, complete: 'image', description: 'The image after' },
  ],
  options: [
    { name: 'max-growth', type: 'string', value: 'SIZE', description: 'Fail (exit 1) when B has more than SIZE more bytes of files than A, e.g. 10MB' },
    { name: 'all', type: 'boolean', description: 'List every changed path (text output shows 20 a folder)' },
    platformOption("Of multi-platform images, compare this platform's files (default: this machine's)"),
  ],
  examples: ['imgsh diff app:1 app:2', 'imgsh diff app:1 app:2 --max-growth 10MB', 'imgsh diff app:1 app:2 --json'],
  async run(ctx, { args, options }) {
    const [{ diffImages }, { diffText, signedBytes }, { parseBytes, formatBytes }, { indexWithProgress, notCachedWarning }] = await Promise.all([
      import('../src/domain/layers/image-diff.js'),
      import('../src/domain/layers/image-diff-text.js'),
      import('../src/domain/text/size.js'),
      import('../src/shell/layer-index-progress.js'),
    ]);
    let maxGrowth: number | undefined;
    try {
      maxGrowth = options['max-growth'] === undefined ? undefined : parseBytes(options['max-growth'] as string);
    } catch (e) {
      throw new UsageError(`--max-growth: ${(e as Error).message}`);
    }
    const platform = platformFrom(options);
    // one after the other: two exports at once only share the engine's disk and CPU; the layers
    // B shares with A go by in B's export unread (the engine exports whole images only)
    const a = await indexWithProgress(ctx, args[0], platform);
    const b = await indexWithProgress(ctx, args[1], platform, new Map(a.index.layers.map((l) => [l.archivePath, l])));
    const layers = (i: typeof a.index) => ({ digests: i.layers.map((l) => l.digest), entries: i.layers.map((l) => l.entries), fileDigests: i.layers.map((l) => l.fileDigests) });
    const diff = diffImages(layers(a.index), layers(b.index));
    const text = diffText(args[0], args[1], diff, options.all ? Infinity : 20);
    // how many of B's layers were taken from A's index instead of read (absent: B's index was cached)
    const read = b.cached ? {} : { layersReused: b.reused ?? 0, layersRead: b.index.layers.length - (b.reused ?? 0) };
    const json = { from: { ref: args[0], imageId: a.index.imageId }, to: { ref: args[1], imageId: b.index.imageId, ...read }, ...diff };
    const warning = [...new Set([notCachedWarning(a.notCached, args[0]), notCachedWarning(b.notCached, args[1])].filter(Boolean))].join('\n') || undefined;
    if (maxGrowth !== undefined && diff.growth > maxGrowth) {
      throw new CommandError(`${args[1]} grew ${signedBytes(diff.growth)} over ${args[0]}, more than --max-growth ${formatBytes(maxGrowth)}`, { text, json, warning });
    }
    return { text, json, warning };
  },
});
