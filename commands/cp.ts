import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';

export default defineCommand({
  name: 'cp',
  asDocker: 'imgsh\'s (docker cp copies out of containers; this reads an image)',
  summary: "Copy a file or a folder out of an image's filesystem (as its top-most layer has it); - writes a tar to stdout",
  args: [
    { name: 'REF:/PATH', required: true, complete: 'image', description: 'Image and the absolute path of the file in it' },
    { name: 'DEST', required: true, complete: 'path', description: 'File or folder to write, a directory to write it into, or - for a tar on stdout' },
  ],
  options: [
    { name: 'layer', type: 'string', value: 'N', description: 'Take the file as it is after layer N (1 = the base layer), not in the final image' },
    { name: 'archive', type: 'boolean', description: 'REF is an image archive file (docker save, skopeo docker-archive / oci-archive), as for layers --archive' },
  ],
  examples: ['imgsh cp app:1:/etc/os-release ./', 'imgsh cp app:1:/app ./app-copy', 'imgsh cp app:1:/app - | tar -t', 'imgsh cp busybox:latest:/bin/busybox /tmp/busybox', 'imgsh cp --archive app.oci.tar:/etc/passwd ./'],
  async run(ctx, { args, options }) {
    const [{ mergedUpTo }, { entryPath }, { imagePath, splitImagePath }, { formatBytes }, { LayerArchiveError }, { copyDirTo, copyTarTo }, { destinationFor }, { extractFromSource, inThread }, { archiveWithProgress, indexWithProgress }] = await Promise.all([
      import('../src/domain/layers/layer-changes.js'),
      import('../src/domain/layers/layer-entry.js'),
      import('../src/domain/layers/layer-index.js'),
      import('../src/domain/text/size.js'),
      import('../src/engine/layers/layer-archive.js'),
      import('../src/engine/images/copy-dir.js'),
      import('../src/engine/layers/layer-extract.js'),
      import('../src/engine/layers/layer-job-run.js'),
      import('../src/shell/layer-index-progress.js'),
    ]);
    const split = splitImagePath(args[0]);
    if (!split) throw new UsageError(`give the file as REF:/PATH, e.g. busybox:latest:/etc/passwd (got "${args[0]}")`);
    const path = imagePath(split.path);
    if (path === null) throw new CommandError(`refusing ${split.path}: paths with .. could climb out of the image's root`);
    if (!path) throw new CommandError('give the path of a file, not the root directory');
    if (args[1] === '-') {
      // as docker cp: the path (file or folder) as a tar on standard output
      if (ctx.mode !== 'cli' || !ctx.stdio) throw new UsageError('cp … - writes a tar to standard output: run it from a shell (imgsh cp IMAGE:/PATH - > out.tar)');
      if (options.archive || options.layer !== undefined) throw new UsageError('cp … - copies from the final image on the engine: leave out --archive and --layer');
      await copyTarTo((await ctx.engine()).endpoint, split.ref, path, ctx.stdio.output, ctx.signal).catch((e: Error) => {
        throw new CommandError(ctx.signal.aborted ? 'cp cancelled' : e.message.split('\n')[0]);
      });
      return { text: '' };
    }
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
    if (entry.kind === 'dir') {
      if (options.archive || options.layer !== undefined) throw new CommandError(`/${path} is a directory: directories are copied from the final image on the engine (leave out --archive and --layer)`);
      const target = await destinationFor(args[1], path);
      const done = await copyDirTo((await ctx.engine()).endpoint, index.imageId, path, target, ctx.signal).catch((e: Error) => {
        throw new CommandError(ctx.signal.aborted ? 'cp cancelled: nothing was written' : e.message.split('\n')[0]);
      });
      const skipped = done.skipped ? `; ${done.skipped} device node(s) or fifo(s) left out` : '';
      return { text: `Copied ${split.ref}:/${path} to ${target} (${done.files} files, ${formatBytes(done.bytes)}${skipped})`, json: { ref: split.ref, path: `/${path}`, dest: target, ...done } };
    }
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
