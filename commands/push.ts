import { familiarName, fullName, normalizedRef, parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { dockerStatusLine } from '../src/domain/registry/docker-status.js';
import type { ProgressEvent } from '../src/domain/registry/layer-progress.js';
import { registryAuthFor } from '../src/engine/registry/credentials.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { namedRefError } from '../src/domain/images/docker-ref-errors.js';
import { withLines } from '../src/shell/docker-errors.js';

export default defineCommand({
  name: 'push',
  asDocker: 'As pull',
  dockerForm: true,
  summary: 'Push a tag to its registry, with per-layer progress',
  args: [{ name: 'REF', required: true, complete: 'image', description: 'NAME[:TAG] of a local image; the tag defaults to latest' }],
  options: [
    { name: 'all-tags', short: 'a', type: 'boolean', description: 'Push all tags of the repository' },
    { name: 'quiet', short: 'q', type: 'boolean', description: 'Suppress verbose output (print the reference only)' },
    { name: 'disable-content-trust', type: 'boolean', description: "docker's default: imgsh verifies no signatures, so =false (content trust on) is refused" },
  ],
  examples: ['imgsh push 127.0.0.1:5000/team/app:1.2', 'imgsh push -a myuser/app'],
  async run(ctx, { args, options }) {
    if (ctx.mode !== 'app') {
      const bad = namedRefError(args[0]);
      if (bad) throw new CommandError(bad);
    }
    if (options['disable-content-trust'] === false) throw new CommandError('imgsh does not verify image signatures (content trust): use docker for --disable-content-trust=false');
    const ref = refArg(args[0]);
    const allTags = options['all-tags'] === true;
    if (allTags && ref.tag) throw new CommandError('tag can\'t be used with --all-tags/-a');
    const engine = await ctx.engine();
    const auth = await registryAuthFor(ref.domain);
    // docker's first line when it adds the tag (its stdout, even when the command then fails)
    const lines: string[] = allTags || ref.tag || ref.digest || options.quiet === true ? [] : ['Using default tag: latest'];
    const onEvent = (e: ProgressEvent) => {
      const line = dockerStatusLine(e);
      if (line !== null) lines.push(line);
    };
    const pushed = await engine.push(ref, { auth, signal: ctx.signal, onProgress: ctx.progress, onEvent, allTags }).catch((e: unknown) => {
      throw ctx.mode === 'app' ? e : withLines(e, options.quiet === true ? [] : lines);
    });
    const json = { ref: pushed.ref, digest: pushed.digest };
    if (ctx.mode === 'app') return { text: `Pushed ${allTags ? `every tag of ${familiarName(ref)}` : pushed.ref}${pushed.digest && !allTags ? ` (${pushed.digest})` : ''}`, json };
    // outside the app stdout is docker's: the engine's status lines, or with -q the reference
    return { text: options.quiet === true ? (allTags ? fullName(ref) : normalizedRef(ref)) : lines.join('\n'), json };
  },
});

function refArg(text: string): ImageRef {
  let ref: ImageRef;
  try {
    ref = parseRef(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (ref.digest) throw new UsageError(`cannot push "${text}": a digest names content already in a registry; push NAME:TAG`);
  return ref;
}
