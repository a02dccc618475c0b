import { throttle } from '../src/domain/text/throttle.js';
import { ArchiveError, openArchiveFile } from '../src/engine/images/archive-file.js';
import { ArchiveCheckError, LateCancelError, LoadFailedError, type LoadProgress } from '../src/engine/images/load.js';
import type { Engine } from '../src/engine/types.js';
import { platformFrom, platformOption, requirePlatformApi } from '../src/shell/platform-option.js';
import { CommandError, defineCommand, UsageError, type CommandContext, type ProgressItem } from '../src/shell/command.js';

export default defineCommand({
  name: 'load',
  asDocker: 'As docker; a folder, a truncated or non-archive file is imgsh\'s one line, before anything reaches the engine',
  dockerForm: true,
  summary: 'Load images from a tar archive (docker save format; OCI where the engine supports it)',
  args: [],
  options: [
    { name: 'input', short: 'i', type: 'string', value: 'FILE', complete: 'path', description: 'Archive to read (plain or gzip); - or none reads stdin (one-shot only)' },
    { name: 'quiet', short: 'q', type: 'boolean', description: 'Suppress the load output (progress)' },
    platformOption("Of a multi-platform archive, load only this platform's image (API 1.48)"),
  ],
  examples: ['imgsh load -i busybox.tar', 'imgsh load -i app.tar.gz', 'ssh build-host imgsh save -o - app:1 | imgsh load -i -'],
  async run(ctx, { options }) {
    // as docker: no -i reads stdin, unless it is a terminal
    const file = (options.input as string | undefined) ?? (ctx.stdio ? '-' : undefined);
    if (!file) throw new UsageError('load needs -i FILE');
    if (options.input === undefined && (ctx.stdio?.input as { isTTY?: boolean }).isTTY) throw new CommandError('requested load from stdin, but stdin is empty');
    const platform = platformFrom(options);
    // as docker: an engine too old for --platform is said before the file is read
    let engine: Engine | undefined = platform ? await ctx.engine() : undefined;
    if (engine && platform) await requirePlatformApi(ctx, engine, '1.48');
    const { source, size, name } = await openSource(ctx, file);
    const progress = throttle((p: LoadProgress) => ctx.progress(report(name, p, size)));
    try {
      engine ??= await ctx.engine();
      const { loaded } = await engine.load(source, { signal: ctx.signal, onProgress: progress.call, platform });
      const lines = loaded.map((x) => (x.startsWith('sha256:') ? `Loaded image ID: ${x}` : `Loaded image: ${x}`));
      return { text: lines.length ? lines.join('\n') : `${name} holds no images: nothing was loaded`, json: { loaded } };
    } catch (e) {
      throw await explain(e, name, ctx, engine);
    } finally {
      progress.flush();
      if (file !== '-') (source as NodeJS.ReadableStream & { destroy(): void }).destroy();
    }
  },
});

const GO_ERRNO: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory', ELOOP: 'too many levels of symbolic links' };

async function openSource(ctx: CommandContext, file: string) {
  if (file === '-') {
    if (!ctx.stdio) throw new UsageError('-i - reads stdin, which only one-shot mode has: give a file name');
    const input = ctx.stdio.input as NodeJS.ReadableStream & { isTTY?: boolean };
    if (input.isTTY) throw new CommandError('refusing to read an archive from a terminal: use -i FILE or a pipe');
    return { source: input, size: undefined, name: 'stdin' };
  }
  try {
    const { stream, size } = await openArchiveFile(file);
    if (size === 0) {
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
      throw new CommandError(`${file} is empty: not a docker image archive`);
    }
    return { source: stream, size, name: file };
  } catch (e) {
    if (!(e instanceof ArchiveError)) throw e;
    // docker's words (Go's os.Open) outside the app
    const said = ctx.mode === 'app' || !e.code ? undefined : GO_ERRNO[e.code] && `open ${file}: ${GO_ERRNO[e.code]}`;
    throw new CommandError(said ?? e.message);
  }
}

function report(name: string, p: LoadProgress, size: number | undefined) {
  const items: ProgressItem[] = [...p.layers].map(([id, l]) => ({ id, status: 'Loading layer', current: l.current, total: l.total }));
  return { title: `Loading ${name}`, items, current: p.sent, total: size };
}

/** Every way a load fails, as one line that says what happened to the engine's images. */
async function explain(e: unknown, name: string, ctx: CommandContext, engine: Engine | undefined): Promise<unknown> {
  if (e instanceof ArchiveCheckError) {
    return e.problem === 'not-archive'
      ? new CommandError(`${name} is not a docker image archive (${e.detail}): nothing was loaded`)
      : new CommandError(`${name} is truncated or corrupt (${e.detail}): nothing was loaded`);
  }
  if (e instanceof LateCancelError) {
    return new CommandError('load cancelled after the archive was sent: the engine may still finish loading it');
  }
  if (ctx.signal.aborted) return new CommandError('load cancelled: nothing was loaded');
  if (e instanceof LoadFailedError) {
    const before = e.loaded.length ? ` (loaded before it failed: ${e.loaded.join(', ')})` : '';
    if (e.format === 'oci') {
      const version = engine ? await engine.version().then((v) => v.version, () => '') : '';
      return new CommandError(
        `this engine (${version || 'this version'}) cannot load OCI archives; convert ${name} first: ` +
          `skopeo copy oci-archive:${name === 'stdin' ? 'FILE' : name} docker-archive:OUT.tar${before}`,
      );
    }
    // bzip2/xz archives are not checked on our side: the engine's words for the same problems.
    if (/unexpected EOF/i.test(e.message)) return new CommandError(`${name} is truncated or corrupt${before}`);
    if (/invalid tar header/i.test(e.message)) return new CommandError(`${name} is not a docker image archive${before}`);
    return new CommandError(`the engine could not load ${name}: ${e.message}${before}`);
  }
  return e;
}
