import { hasDigest, namedRefError } from '../src/domain/images/docker-ref-errors.js';
import { familiarName, parseRef, withDefaultTag } from '../src/domain/images/ref.js';
import { CommandError, defineCommand } from '../src/shell/command.js';

export default defineCommand({
  name: 'commit',
  dockerForm: true,
  asDocker: 'As docker',
  summary: "Create an image from a container's changes (docker commit)",
  args: [
    { name: 'CONTAINER', required: true, complete: 'none', description: 'Container name or id' },
    { name: 'REPOSITORY[:TAG]', complete: 'remote', description: 'The name to give the image; none leaves it untagged' },
  ],
  options: [
    { name: 'author', short: 'a', type: 'string', value: 'AUTHOR', description: 'Author (e.g. "John Hannibal Smith <hannibal@a-team.com>")' },
    { name: 'change', short: 'c', type: 'string', repeat: true, value: 'LINE', description: 'Apply a Dockerfile instruction to the image (CMD, ENV, LABEL, …)' },
    { name: 'message', short: 'm', type: 'string', value: 'MESSAGE', description: 'Commit message' },
    { name: 'pause', short: 'p', type: 'boolean', description: 'Pause the container during the commit (the default; -p=false does not)' },
  ],
  examples: ['imgsh commit debug-shell app:fixed', "imgsh commit -m 'curl added' -c 'CMD [\"sh\"]' web web:curl"],
  async run(ctx, { args, options }) {
    const [container, reference] = args;
    let repo: string | undefined;
    let tag: string | undefined;
    if (reference) {
      // docker's client-side checks, in its words
      const bad = namedRefError(reference);
      if (bad) throw new CommandError(bad);
      if (hasDigest(reference)) throw new CommandError('refusing to create a tag with a digest reference');
      const ref = withDefaultTag(parseRef(reference));
      [repo, tag] = [familiarName(ref), ref.tag ?? 'latest'];
    }
    const id = await (await ctx.engine()).commit(container, (options.change as string[] | undefined) ?? [], {
      repo,
      tag,
      comment: options.message as string | undefined,
      author: options.author as string | undefined,
      pause: options.pause !== false,
    });
    return { text: id, json: { id, repository: repo ?? null, tag: tag ?? null } };
  },
});
