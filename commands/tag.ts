import { shortId } from '../src/domain/images/image.js';
import { checkRefOrId, parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { defineCommand, UsageError } from '../src/shell/command.js';

export default defineCommand({
  name: 'tag',
  summary: 'Give an image another name (SRC stays)',
  args: [
    { name: 'SRC', required: true, complete: 'image', description: 'Image reference or id' },
    { name: 'DST', required: true, complete: 'remote', description: 'New NAME[:TAG]; the tag defaults to latest' },
  ],
  options: [],
  examples: ['imgsh tag busybox:latest 127.0.0.1:5000/tools/busybox:1', 'imgsh tag 4d5d3336d163 mybox:dev'],
  async run(ctx, { args }) {
    const [source, target] = args;
    try {
      checkRefOrId(source);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const dst = targetArg(target);
    const engine = await ctx.engine();
    const done = await engine.tag(source, dst);
    return {
      text: `Tagged ${source} as ${done.target} (${shortId(done.id)})`,
      json: { source, target: done.target, id: done.id },
    };
  },
});

function targetArg(text: string): ImageRef {
  let ref: ImageRef;
  try {
    ref = parseRef(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (ref.digest) throw new UsageError(`cannot tag as "${text}": a tag is NAME[:TAG], without @digest`);
  return ref;
}
