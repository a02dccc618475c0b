import { familiarName, fullName, normalizedRef, parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { dockerTransferChecks, statusLines } from '../src/shell/docker-transfer.js';
import { platformFrom, platformOption, requirePlatformApi } from '../src/shell/platform-option.js';

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
    platformOption("Of a multi-platform image, push only this platform's manifest (API 1.46)"),
  ],
  examples: ['imgsh push 127.0.0.1:5000/team/app:1.2', 'imgsh push -a myuser/app'],
  async run(ctx, { args, options }) {
    const { registryAuthFor } = await import('../src/engine/registry/credentials.js');
    dockerTransferChecks(ctx, args[0], options);
    const ref = refArg(args[0]);
    const allTags = options['all-tags'] === true;
    if (allTags && ref.tag) throw new CommandError('tag can\'t be used with --all-tags/-a');
    const platform = platformFrom(options);
    const engine = await ctx.engine();
    if (platform) await requirePlatformApi(ctx, engine, '1.46');
    const auth = await registryAuthFor(ref.domain);
    // docker's note comes first, -q or not, and stays when the push fails
    const note = platform && ctx.mode !== 'app' ? PLATFORM_NOTE : [];
    const status = statusLines(ref, allTags, options.quiet === true, note);
    const pushed = await engine.push(ref, { auth, signal: ctx.signal, onProgress: ctx.progress, onEvent: status.onEvent, allTags, platform }).catch((e: unknown) => {
      throw status.failed(e, ctx);
    });
    const json = { ref: pushed.ref, digest: pushed.digest };
    if (ctx.mode === 'app') return { text: `Pushed ${allTags ? `every tag of ${familiarName(ref)}` : pushed.ref}${pushed.digest && !allTags ? ` (${pushed.digest})` : ''}`, json };
    // outside the app stdout is docker's: the engine's status lines, or with -q the reference
    return { text: options.quiet === true ? [...note, allTags ? fullName(ref) : normalizedRef(ref)].join('\n') : status.lines.join('\n'), json };
  },
});

/** What docker 28 prints on stdout before a push with --platform (its tui note, plain). */
const PLATFORM_NOTE = [
  '',
  ' Info -> Using --platform pushes only the specified platform manifest of a multi-platform image index.',
  '         Other components, like attestations, will not be included.',
  '         To push the complete multi-platform image, remove the --platform flag.',
  '         ',
];

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
