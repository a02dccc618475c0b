import { familiarName, fullName, normalizedRef, parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { dockerTransferChecks, statusLines } from '../src/shell/docker-transfer.js';

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
    const { registryAuthFor } = await import('../src/engine/registry/credentials.js');
    dockerTransferChecks(ctx, args[0], options);
    const ref = refArg(args[0]);
    const allTags = options['all-tags'] === true;
    if (allTags && ref.tag) throw new CommandError('tag can\'t be used with --all-tags/-a');
    const engine = await ctx.engine();
    const auth = await registryAuthFor(ref.domain);
    const status = statusLines(ref, allTags, options.quiet === true);
    const pushed = await engine.push(ref, { auth, signal: ctx.signal, onProgress: ctx.progress, onEvent: status.onEvent, allTags }).catch((e: unknown) => {
      throw status.failed(e, ctx);
    });
    const json = { ref: pushed.ref, digest: pushed.digest };
    if (ctx.mode === 'app') return { text: `Pushed ${allTags ? `every tag of ${familiarName(ref)}` : pushed.ref}${pushed.digest && !allTags ? ` (${pushed.digest})` : ''}`, json };
    // outside the app stdout is docker's: the engine's status lines, or with -q the reference
    return { text: options.quiet === true ? (allTags ? fullName(ref) : normalizedRef(ref)) : status.lines.join('\n'), json };
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
