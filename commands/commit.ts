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
  examples: [':commit app:fixed   (in the app, after a debug shell: what was done there)', 'imgsh commit debug-shell app:fixed', "imgsh commit -m 'curl added' -c 'CMD [\"sh\"]' web web:curl"],
  async run(ctx, { args, options }) {
    // in the app after a debug shell: `:commit REPO[:TAG]` keeps what was done there
    const kept = ctx.mode === 'app' && args.length === 1 ? ctx.app?.keptShell?.() : null;
    const [container, reference] = kept ? [kept.container, args[0]] : args;
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
    const engine = await ctx.engine();
    const opts = { repo, tag, comment: options.message as string | undefined, author: options.author as string | undefined, pause: options.pause !== false };
    const changes = (options.change as string[] | undefined) ?? [];
    if (kept) {
      const id = await engine.commitShell(kept.container, kept.image, opts, changes);
      ctx.app?.forgetShell?.();
      return { text: `Committed the shell in ${kept.image} as ${repo}:${tag} (${id.replace(/^sha256:/, '').slice(0, 12)})`, json: { id, repository: repo, tag } };
    }
    const id = await engine.commit(container, changes, opts);
    return { text: id, json: { id, repository: repo ?? null, tag: tag ?? null } };
  },
});
