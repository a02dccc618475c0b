import { shortId } from '../src/domain/images/image.js';
import { checkRefOrId, parseRef, type ImageRef } from '../src/domain/images/ref.js';
import { CommandError, defineCommand, UsageError } from '../src/shell/command.js';
import { anyRefError, hasDigest, namedRefError } from '../src/domain/images/docker-ref-errors.js';
import { goQuote } from '../src/domain/text/go-template-strconv.js';

export default defineCommand({
  name: 'tag',
  asDocker: 'As docker (silent; docker\'s reference errors)',
  dockerForm: true,
  summary: 'Give an image another name (SRC stays)',
  args: [
    { name: 'SRC', required: true, complete: 'image', description: 'Image reference or id' },
    { name: 'DST', required: true, complete: 'remote', description: 'New NAME[:TAG]; the tag defaults to latest' },
  ],
  options: [],
  examples: ['imgsh tag busybox:latest 127.0.0.1:5000/tools/busybox:1', 'imgsh tag 4d5d3336d163 mybox:dev'],
  async run(ctx, { args }) {
    const [source, target] = args;
    if (ctx.mode !== 'app') dockerChecks(source, target);
    try {
      checkRefOrId(source);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const dst = targetArg(target);
    const engine = await ctx.engine();
    const done = await engine.tag(source, dst);
    // as docker, silent on success outside the app
    return {
      text: ctx.mode === 'app' ? `Tagged ${source} as ${done.target} (${shortId(done.id)})` : '',
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

/** docker tag's own checks before it asks the engine, in its words. */
function dockerChecks(source: string, target: string): void {
  const refused = (ref: string, why: string) => new CommandError(`Error parsing reference: ${goQuote(ref)} is not a valid repository/tag: ${why}`);
  const bad = anyRefError(source);
  if (bad) throw refused(source, bad);
  const badTarget = namedRefError(target);
  if (badTarget) throw refused(target, badTarget);
  if (hasDigest(target)) throw new CommandError('refusing to create a tag with a digest reference');
}
