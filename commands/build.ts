import type { BuildOptions } from '../src/engine/builds/build.js';
import { CommandError, defineCommand, UsageError, type CommandContext, type OptionValues } from '../src/shell/command.js';

export default defineCommand({
  name: 'build',
  asDocker: 'docker build\'s main flags; imgsh\'s progress and failure screen (the debugger\'s way in)',
  summary: 'Build an image (legacy builder, or --buildkit); on failure, a shell in the last good layer is one command away',
  args: [{ name: 'CONTEXT', required: true, complete: 'path', description: 'The build context folder' }],
  options: [
    { name: 'tag', short: 't', type: 'string', repeat: true, value: 'NAME[:TAG]', description: 'Name the image' },
    { name: 'file', short: 'f', type: 'string', value: 'DOCKERFILE', complete: 'path', description: 'The Dockerfile (default CONTEXT/Dockerfile; - reads stdin)' },
    { name: 'target', type: 'string', value: 'STAGE', description: 'Build up to this stage' },
    { name: 'build-arg', type: 'string', repeat: true, value: 'K=V', description: 'A build-time variable' },
    { name: 'label', type: 'string', repeat: true, value: 'K=V', description: 'A label on the image' },
    { name: 'no-cache', type: 'boolean', description: 'Do not use the cache' },
    { name: 'pull', type: 'boolean', description: 'Always pull newer base images' },
    { name: 'network', type: 'string', value: 'MODE', description: 'Network for RUN steps (default, none, host…)' },
    { name: 'buildkit', type: 'boolean', description: 'Build with BuildKit; on failure the legacy builder rebuilds up to the failing step for its last good layer' },
    { name: 'no-prompt', type: 'boolean', description: 'On a terminal, do not wait for a key after a failure (x shell, e edit, r rebuild): exit 1 at once' },
  ],
  examples: ['imgsh build -t app:dev .', 'imgsh build --buildkit -t app:dev .', 'imgsh build -f - . < Dockerfile.dev', 'imgsh build --target test --build-arg VERSION=2 .'],
  async run(ctx, { args, options }) {
    const [{ failureLines, failureReport }, { sgrStripper }, { BuildInputError }, { NeedsBuildKitError }, { lastGoodByLegacy }, { instructionForStep, parseDockerfile, stepStages }, { removeContainerQuietly, removeImageQuietly }, { cleanDebugArtifacts, keepFailedState, keptFailedLabel, removeSessionImages }, { debugLabelValue, isDeadRun }, { failurePrompt }] = await Promise.all([
      import('../src/domain/builds/build-report.js'),
      import('../src/domain/text/sgr.js'),
      import('../src/engine/builds/build-context.js'),
      import('../src/engine/builds/build.js'),
      import('../src/engine/builds/buildkit-last-good.js'),
      import('../src/domain/builds/dockerfile.js'),
      import('../src/engine/api/containers.js'),
      import('../src/engine/debug/debug-artifacts.js'),
      import('../src/engine/debug/debug-labels.js'),
      import('../src/shell/failure-prompt.js'),
    ]);
    const opts = buildOptions(args[0], options);
    const buildkit = options.buildkit === true;
    if (opts.dockerfile === '-') {
      if (!ctx.stdio) throw new UsageError('-f - reads the Dockerfile from stdin: only in one-shot mode');
      opts.dockerfileText = await readAll(ctx.stdio.input);
    }
    const engine = await ctx.engine();
    const endpoint = engine.endpoint;
    if (buildkit && (await engine.version()).product === 'Podman')
      throw new CommandError('Podman has no BuildKit (it builds with Buildah): build without --buildkit');
    // what earlier runs left: dead runs' shells, and failed states nobody opened
    const kept = keptFailedLabel();
    await cleanDebugArtifacts(endpoint, (v) => v === kept || isDeadRun(v)).catch(() => 0);
    const out = ctx.mode === 'cli' && !ctx.json ? ctx.stdio?.output : undefined;
    const pane = ctx.app?.build;
    // in the app the failed state belongs to this process: removed on quit or at the next start
    const label = pane ? debugLabelValue() : kept;
    if (pane) {
      const old = pane.get().failedStateId;
      if (old) await removeContainerQuietly(endpoint, old);
      // a debug session in the pane ends here: its images go
      await removeSessionImages(endpoint, pane.get().debug?.made ?? []);
      pane.dispatch({ type: 'build/started', line: buildLine(args[0], options), builder: buildkit ? 'buildkit' : 'legacy' });
      // the focus follows the work: when it fails, x is the next key
      ctx.app?.showPane?.('build');
    }
    // colour on a terminal (unless NO_COLOR); the text alone in a pipe or a file
    const colour = Boolean((out as NodeJS.WriteStream | undefined)?.isTTY) && !process.env.NO_COLOR;
    const plain = sgrStripper();
    let result;
    try {
      result = await engine.build(opts, {
        signal: ctx.signal,
        onText: out ? (t) => out.write(colour ? t : plain(t)) : undefined,
        onUpdate: pane ? (snapshot) => pane.dispatch({ type: 'build/progress', snapshot }) : undefined,
        onDockerfile: pane ? (text) => pane.dispatch({ type: 'build/dockerfile', stepStages: stepStages(parseDockerfile(text), opts.target) }) : undefined,
      }, buildkit ? 'buildkit' : 'legacy');
    } catch (e) {
      pane?.dispatch({ type: 'build/stopped' });
      if (e instanceof BuildInputError) throw new CommandError(e.message);
      if (e instanceof NeedsBuildKitError) {
        if ((await engine.version()).product === 'Podman') throw new CommandError(`${e.message}, and Podman has no BuildKit: build it with podman build`);
        // as docker build does on engines where BuildKit is the default
        out?.write(`imgsh: ${e.message}: building with BuildKit (--buildkit)\n`);
        return this.run(ctx, { args, options: { ...options, buildkit: true } });
      }
      throw e;
    }
    const report = failureReport(result.snapshot, result.dockerfileText, opts.target);
    // a last good layer BuildKit made (labelled imgsh.debug): removed with the failed state
    let ownLastGood: string | null = null;
    if (report && buildkit && report.stepNumber !== null) {
      const df = parseDockerfile(result.dockerfileText);
      const failed = df.instructions.indexOf(instructionForStep(df, report.stepNumber, opts.target)!);
      const good = await lastGoodByLegacy(endpoint, opts, result.dockerfileText, failed, ctx.signal, out ? (t) => out.write(t) : undefined, label).catch((e: Error) => ({ imageId: null, why: e.message.split('\n')[0], temporary: false }));
      report.lastGoodId = good.imageId;
      report.lastGoodWhy = good.why;
      if (good.temporary) ownLastGood = good.imageId;
    }
    pane?.dispatch({ type: 'build/finished', report, dockerfilePath: result.dockerfilePath, dockerfileText: result.dockerfileText });
    if (!report) {
      const id = result.snapshot.imageId ?? '';
      const built = `Built ${id.replace(/^sha256:/, '').slice(0, 12)}${opts.tags.length ? ` (${opts.tags.join(', ')})` : ''}`;
      // why the cache missed, against the last build of the tag
      const { recordBuild } = await import('../src/shell/build-records.js');
      const miss = await recordBuild(endpoint.url, opts, result.snapshot, result.dockerfileText, result.dockerfilePath).catch(() => null);
      if (miss) pane?.dispatch({ type: 'build/cache-miss', line: miss.line });
      // in the app the Build pane says why, under the build's line
      const text = !miss || pane ? built : `${miss.line}\n${built}`;
      return { text, json: { id, tags: opts.tags, ...(miss?.miss ? { cacheMiss: miss.miss } : miss ? { cacheNote: miss.line } : {}) } };
    }
    const failedState = report.failedContainer ? await keepFailedState(endpoint, report.failedContainer, label).catch(() => null) : null;
    pane?.dispatch({ type: 'build/failed-state', id: failedState });
    ctx.app?.showPane?.('build');
    const terminal = promptTerminal(ctx, options);
    if (terminal) {
      // on a terminal the failure is shown in place and a key decides: a shell, an edit, a rebuild
      terminal.output.write(`\n${failureLines(report, failedState).join('\n')}\n`);
      const choice = await failurePrompt(terminal.input, terminal.output, { engine, report, failedState, dockerfilePath: result.dockerfilePath, dockerfileText: result.dockerfileText });
      if (failedState) await removeContainerQuietly(endpoint, failedState);
      if (ownLastGood) await removeImageQuietly(endpoint, ownLastGood);
      if (choice === 'rebuild') return this.run(ctx, { args, options });
      throw new CommandError(`build failed at ${report.line !== null ? `line ${report.line}` : 'its first step'}`);
    }
    // the app's Build pane shows the failure: the message says what the next key does there
    if (pane) throw new CommandError(`${failureLines(report, failedState)[0]}: ${report.lastGoodId ? 'x opens a shell in the last good layer' : report.message.split('\n')[0]}`);
    throw new CommandError(failureLines(report, failedState).join('\n'), ctx.json ? { json: { ...report, failedState } } : undefined);
  },
});

/** The one-shot build's terminal, when a failure may wait for a key there: both ends a TTY, not CI, not --json or --no-prompt. */
function promptTerminal(ctx: CommandContext, options: OptionValues): { input: NodeJS.ReadStream; output: NodeJS.WriteStream } | null {
  if (ctx.mode !== 'cli' || ctx.json || options['no-prompt'] === true || process.env.CI) return null;
  const input = ctx.stdio?.input as NodeJS.ReadStream | undefined;
  const output = ctx.stdio?.output as NodeJS.WriteStream | undefined;
  return input?.isTTY && output?.isTTY ? { input, output } : null;
}

function pairs(values: OptionValues[string], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of (values as string[] | undefined) ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`bad --${what} "${v}": give KEY=VALUE`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

export function buildOptions(context: string, options: OptionValues): BuildOptions {
  return {
    dir: context,
    dockerfile: options.file as string | undefined,
    tags: (options.tag as string[] | undefined) ?? [],
    target: options.target as string | undefined,
    buildArgs: pairs(options['build-arg'], 'build-arg'),
    labels: pairs(options.label, 'label'),
    noCache: options['no-cache'] === true,
    pull: options.pull === true,
    network: options.network as string | undefined,
  };
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The `build …` line again, for `r` in the Build pane. */
function buildLine(context: string, options: OptionValues): string {
  const q = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `"${w.replace(/(["\\])/g, '\\$1')}"`);
  const words = ['build'];
  for (const [name, value] of Object.entries(options)) {
    if (value === true) words.push(`--${name}`);
    else if (typeof value === 'string') words.push(`--${name}`, q(value));
    else if (Array.isArray(value)) for (const v of value) words.push(`--${name}`, q(v));
  }
  return [...words, q(context)].join(' ');
}
