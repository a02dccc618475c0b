import { pipeline } from 'node:stream/promises';
import { formatBytes } from '../src/domain/text/size.js';
import { throttle } from '../src/domain/text/throttle.js';
import { ArchiveError, createArchiveFile, targetState } from '../src/engine/images/archive-file.js';
import { estimateSave } from '../src/engine/images/save.js';
import { CommandError, defineCommand, UsageError, type CommandContext } from '../src/shell/command.js';
import type { Platform } from '../src/domain/images/platform.js';
import { ImageNotFoundError } from '../src/engine/transport/errors.js';
import type { Engine } from '../src/engine/types.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';

export default defineCommand({
  name: 'save',
  asDocker: 'As docker, but an existing FILE needs `--force` (docker overwrites it); written beside FILE and renamed when complete',
  dockerForm: true,
  summary: 'Save images to a tar archive (written beside FILE, renamed when complete)',
  args: [{ name: 'REF', required: true, variadic: true, complete: 'image', description: 'Images to save (references or ids)' }],
  options: [
    { name: 'output', short: 'o', type: 'string', value: 'FILE', complete: 'path', description: 'Archive to write; - writes to stdout (one-shot only, not a terminal)' },
    { name: 'force', short: 'f', type: 'boolean', extra: true, description: 'Overwrite FILE if it exists' },
    platformOption('Of multi-platform images, save only this platform\'s image'),
  ],
  examples: [
    'imgsh save -o busybox.tar busybox:latest',
    'imgsh save -o both.tar app:1 app:2',
    'imgsh save -o - app:1 | gzip > app.tar.gz',
  ],
  async run(ctx, { args: refs, options }) {
    // as docker: no -o writes to stdout, unless it is a terminal
    const out = (options.output as string | undefined) ?? (ctx.stdio ? '-' : undefined);
    if (!out) throw new UsageError('save needs -o FILE');
    const platform = platformFrom(options);
    if (out === '-') return saveToStdout(ctx, refs, platform, options.output === undefined);
    const engine = await ctx.engine();
    const estimate = await estimated(ctx, engine, refs, platform);
    try {
      if ((await targetState(out)) === 'file' && options.force !== true) await confirmOverwrite(ctx, out);
      const target = await createArchiveFile(out);
      const progress = throttle((bytes: number) =>
        ctx.progress({ title: `Saving ${refs.join(', ')} to ${out}`, items: [], current: bytes, total: Math.max(bytes, estimate.bytes) }),
      );
      progress.call(0);
      let bytes: number;
      try {
        const archive = await engine.save(refs, ctx.signal, { platform });
        bytes = await target.write(archive, { signal: ctx.signal, endpoint: engine.endpoint, onBytes: progress.call });
      } catch (e) {
        await target.discard();
        throw e;
      } finally {
        progress.flush();
      }
      return {
        // as docker, silent outside the app
        text: ctx.mode === 'app' ? `Saved ${refs.join(', ')} to ${out} (${formatBytes(bytes)})` : '',
        json: { file: out, bytes, refs, ids: estimate.ids },
      };
    } catch (e) {
      if (ctx.signal.aborted) throw new CommandError('save cancelled');
      if (e instanceof ArchiveError) throw new CommandError(e.message);
      throw e;
    }
  },
});

/** The bytes to expect; a missing image is the engine's refusal of the save itself (docker's words). */
async function estimated(ctx: CommandContext, engine: Engine, refs: string[], platform: Platform | undefined) {
  try {
    return await estimateSave(engine, refs);
  } catch (e) {
    if (!(e instanceof ImageNotFoundError) || ctx.mode === 'app') throw e;
    const refused = await engine.save(refs, ctx.signal, { platform }).then(
      (archive) => void (archive as NodeJS.ReadableStream & { destroy(): void }).destroy(),
      (err: unknown) => err,
    );
    throw refused ?? e;
  }
}

async function confirmOverwrite(ctx: CommandContext, file: string): Promise<void> {
  if (ctx.mode !== 'app') throw new CommandError(`${file} exists: use --force to overwrite`);
  if (!(await ctx.confirm(`${file} exists: overwrite it?`, [`${file} will be replaced once the new archive is complete.`]))) {
    throw new CommandError(`save cancelled: ${file} left as it was`);
  }
}

/** `-o -`: the archive goes to stdout as it comes; nothing else may be printed there. */
async function saveToStdout(ctx: CommandContext, refs: string[], platform: Platform | undefined, implied: boolean) {
  if (!ctx.stdio) throw new UsageError('-o - writes to stdout, which only one-shot mode has: give a file name');
  const output = ctx.stdio.output as NodeJS.WritableStream & { isTTY?: boolean };
  if (output.isTTY && implied) throw new CommandError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
  if (output.isTTY) throw new CommandError('refusing to write an archive to a terminal: use -o FILE or a pipe');
  const engine = await ctx.engine();
  const estimate = await estimated(ctx, engine, refs, platform);
  const archive = await engine.save(refs, ctx.signal, { platform });
  let bytes = 0;
  const progress = throttle((n: number) =>
    ctx.progress({ title: `Saving ${refs.join(', ')} to stdout`, items: [], current: n, total: Math.max(n, estimate.bytes) }),
  );
  archive.on('data', (chunk: Buffer) => progress.call((bytes += chunk.length)));
  try {
    await pipeline(archive, output, { end: false, signal: ctx.signal });
  } catch (e) {
    if (ctx.signal.aborted) throw new CommandError('save cancelled: the archive on stdout is incomplete');
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') throw new CommandError('stdout was closed before the archive was complete');
    throw new CommandError(`the engine stopped sending the archive before it was complete (${(e as Error).message})`);
  } finally {
    progress.flush();
  }
  // stdout carries the archive: the summary would corrupt it.
  return {};
}
