import { parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { registryAuthFor } from '../src/engine/registry/credentials.js';
import { defineCommand, UsageError } from '../src/shell/command.js';

export default defineCommand({
  name: 'push',
  summary: 'Push a tag to its registry, with per-layer progress',
  args: [{ name: 'REF', required: true, complete: 'image', description: 'NAME[:TAG] of a local image; the tag defaults to latest' }],
  options: [],
  examples: ['imgsh push 127.0.0.1:5000/team/app:1.2', 'imgsh push myuser/app'],
  async run(ctx, { args }) {
    const ref = refArg(args[0]);
    const engine = await ctx.engine();
    const auth = await registryAuthFor(ref.domain);
    const pushed = await engine.push(ref, { auth, signal: ctx.signal, onProgress: ctx.progress });
    return {
      text: `Pushed ${pushed.ref}${pushed.digest ? ` (${pushed.digest})` : ''}`,
      json: { ref: pushed.ref, digest: pushed.digest },
    };
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
