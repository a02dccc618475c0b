import { shortId } from '../src/domain/images/image.js';
import { fullName, normalizedRef, parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { formatPlatform } from '../src/domain/images/platform.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { dockerTransferChecks, statusLines } from '../src/shell/docker-transfer.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';

export default defineCommand({
  name: 'pull',
  asDocker: 'As docker on stdout (`-q`, `-a`, status lines, the reference); a registry\'s refusal is imgsh\'s one line that says what to do, where docker relays the registry\'s text',
  dockerForm: true,
  summary: 'Pull an image, with per-layer progress (Ctrl-C cancels, leaving nothing)',
  args: [{ name: 'REF', required: true, complete: 'remote', description: 'NAME[:TAG|@DIGEST]; the tag defaults to latest' }],
  options: [
    { name: 'all-tags', short: 'a', type: 'boolean', description: 'Download all tagged images in the repository' },
    { name: 'quiet', short: 'q', type: 'boolean', description: 'Suppress verbose output (print the reference only)' },
    { name: 'disable-content-trust', type: 'boolean', description: "docker's default: imgsh verifies no signatures, so =false (content trust on) is refused" },
    platformOption('The platform to pull from a multi-platform image'),
  ],
  examples: ['imgsh pull busybox', 'imgsh pull -q 127.0.0.1:5000/team/app:1.2', 'imgsh pull --platform linux/arm64 alpine:3.20'],
  async run(ctx, { args, options }) {
    const { registryAuthFor } = await import('../src/engine/registry/credentials.js');
    dockerTransferChecks(ctx, args[0], options);
    const ref = refArg(args[0]);
    const allTags = options['all-tags'] === true;
    if (allTags && (ref.tag || ref.digest)) throw new CommandError('tag can\'t be used with --all-tags/-a');
    const asked = platformFrom(options);
    const platform = asked && formatPlatform(asked);
    const engine = await ctx.engine();
    const auth = await registryAuthFor(ref.domain);
    const status = statusLines(ref, allTags, options.quiet === true);
    const pulled = await engine.pull(ref, { auth, platform, signal: ctx.signal, onProgress: ctx.progress, onEvent: status.onEvent, allTags }).catch((e: unknown) => {
      throw status.failed(e, ctx);
    });
    const json = { ref: pulled.ref, id: pulled.id };
    if (ctx.mode === 'app') return { text: allTags ? `Pulled every tag of ${pulled.ref}` : `Pulled ${pulled.ref} (${shortId(pulled.id)})`, json };
    const full = allTags ? fullName(ref) : normalizedRef(ref);
    return { text: options.quiet === true ? full : [...status.lines, full].join('\n'), json };
  },
});

function refArg(text: string): ImageRef {
  try {
    return parseRef(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
