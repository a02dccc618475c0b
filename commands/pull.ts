import { shortId } from '../src/domain/images/image.js';
import { parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { registryAuthFor } from '../src/engine/registry/credentials.js';
import { formatPlatform } from '../src/domain/images/platform.js';
import { defineCommand, UsageError } from '../src/shell/command.js';
import { platformFrom, platformOption } from '../src/shell/platform-option.js';

export default defineCommand({
  name: 'pull',
  summary: 'Pull an image, with per-layer progress (Ctrl-C cancels, leaving nothing)',
  args: [{ name: 'REF', required: true, complete: 'remote', description: 'NAME[:TAG|@DIGEST]; the tag defaults to latest' }],
  options: [platformOption('The platform to pull from a multi-platform image')],
  examples: ['imgsh pull busybox', 'imgsh pull 127.0.0.1:5000/team/app:1.2', 'imgsh pull --platform linux/arm64 alpine:3.20'],
  async run(ctx, { args, options }) {
    const ref = refArg(args[0]);
    const asked = platformFrom(options);
    const platform = asked && formatPlatform(asked);
    const engine = await ctx.engine();
    const auth = await registryAuthFor(ref.domain);
    const pulled = await engine.pull(ref, { auth, platform, signal: ctx.signal, onProgress: ctx.progress });
    return { text: `Pulled ${pulled.ref} (${shortId(pulled.id)})`, json: { ref: pulled.ref, id: pulled.id } };
  },
});

function refArg(text: string): ImageRef {
  try {
    return parseRef(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
