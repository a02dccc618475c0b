import { mergedUpTo } from '../src/domain/layer-changes.js';
import { entryPath } from '../src/domain/layer-entry.js';
import { imagePath, splitImagePath } from '../src/domain/layer-index.js';
import { formatBytes } from '../src/domain/size.js';
import { LayerArchiveError } from '../src/engine/layer-archive.js';
import { destinationFor } from '../src/engine/layer-extract.js';
import { extractFromSource, inThread } from '../src/engine/layer-job-run.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { archiveWithProgress, indexWithProgress } from './layers.js';

export default defineCommand({
  name: 'cp',
  summary: "Copy a file out of an image's filesystem (as its top-most layer has it)",
  args: [
    { name: 'REF:/PATH', required: true, complete: 'image', description: 'Image and the absolute path of the file in it' },
    { name: 'DEST', required: true, complete: 'path', description: 'File to write, or a directory to write it into' },
  ],
  options: [
    { name: 'layer', type: 'string', value: 'N', description: 'Take the file as it is after layer N (1 = the base layer), not in the final image' },
    { name: 'archive', type: 'boolean', description: 'REF is an image archive file (docker save, skopeo docker-archive / oci-archive), as for layers --archive' },
  ],
  examples: ['imgsh cp app:1:/etc/os-release ./', 'imgsh cp busybox:latest:/bin/busybox /tmp/busybox', 'imgsh cp --archive app.oci.tar:/etc/passwd ./'],
  async run(ctx, { args, options }) {
    const split = splitImagePath(args[0]);
    if (!split) throw new UsageError(`give the file as REF:/PATH, e.g. busybox:latest:/etc/passwd (got "${args[0]}")`);
    const path = imagePath(split.path);
    if (path === null) throw new CommandError(`refusing ${split.path}: paths with .. could climb out of the image's root`);
    if (!path) throw new CommandError('give the path of a file, not the root directory');
    const index = options.archive ? await archiveWithProgress(ctx, split.ref) : (await indexWithProgress(ctx, split.ref)).index;
    let top = index.layers.length - 1;
    if (options.layer !== undefined) {
      const n = Number(options.layer);
      if (!Number.isInteger(n) || n < 1 || n > index.layers.length) throw new UsageError(`--layer takes a layer number from 1 to ${index.layers.length}`);
      top = n - 1;
    }
    const owned = top < 0 ? undefined : mergedUpTo(index.layers.map((l) => l.entries), top).get(path);
    if (!owned) throw new CommandError(`/${path} does not exist in ${split.ref}${options.layer ? ` after layer ${top + 1}` : ''}`);
    let { entry } = owned;
    if (entry.kind === 'dir') throw new CommandError(`/${path} is a directory: give the path of a file`);
    if (entry.kind === 'hardlink') {
      const target = entryPath(entry.target ?? '');
      const linked = index.layers[owned.layer].entries.find((e) => e.path === target && e.kind === 'file');
      if (!linked) throw new CommandError(`/${path} is a hard link to /${target}, which its layer does not hold`);
      entry = linked;
    }
    if (entry.kind !== 'file' && entry.kind !== 'symlink') throw new CommandError(`/${path} is not a regular file or symlink`);
    const dest = await destinationFor(args[1], path);
    try {
      // A big export is read in a worker thread, as for indexing: it keeps the peak RSS down.
      let archiveBytes = 0;
      for (const l of index.layers) for (const e of l.entries) archiveBytes += e.size;
      const source = options.archive ? { kind: 'file' as const, path: split.ref } : { kind: 'engine' as const, endpoint: (await ctx.engine()).endpoint, imageId: index.imageId };
      const bytes = await extractFromSource(
        source,
        { archivePath: index.layers[owned.layer].archivePath, path: entry.path, kind: entry.kind, mode: entry.mode, target: entry.target },
        dest,
        { signal: ctx.signal, thread: inThread(archiveBytes) },
      );
      const what = entry.kind === 'symlink' ? `a symlink to ${entry.target}` : formatBytes(bytes);
      return { text: `Copied ${split.ref}:/${path} to ${dest} (${what}, from layer ${owned.layer + 1})`, json: { ref: split.ref, path: `/${path}`, dest, bytes, layer: owned.layer + 1 } };
    } catch (e) {
      if (ctx.signal.aborted) throw new CommandError('cp cancelled: nothing was written');
      if (e instanceof LayerArchiveError) throw new CommandError(e.message);
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EEXIST') throw new CommandError(`cannot write ${dest}: ${err.code === 'EACCES' ? 'permission denied' : err.code === 'EEXIST' ? 'it exists' : 'its directory does not exist'}`);
      throw e;
    }
  },
});
