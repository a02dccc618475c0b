import { shortId } from '../src/domain/images/image.js';
import { formatPlatform } from '../src/domain/images/platform.js';
import { checkRefOrId } from '../src/domain/images/ref.js';
import { planRemovals, type RemovalStep } from '../src/domain/images/removal.js';
import { formatBytes } from '../src/domain/text/size.js';
import { CommandError, defineCommand, UsageError, type CommandContext } from '../src/shell/command.js';
import { EngineApiError } from '../src/engine/transport/errors.js';
import { platformsFrom, requirePlatformApi } from '../src/shell/platform-option.js';

interface RefResult {
  ref: string;
  action: 'untag' | 'delete';
  untagged: string[];
  deleted: string[];
  /** Space freed, at most (deletes only). */
  bytes: number;
  warnings: string[];
  error?: string;
}

export default defineCommand({
  name: 'rmi',
  asDocker: 'As docker on stdout and for a missing image; a refusal (a container uses it, several tags) is imgsh\'s line naming the container; warnings on stderr; the app asks first',
  dockerForm: true,
  summary: 'Remove images: untag a name, or delete the image with its last tag',
  args: [{ name: 'IMAGE', required: true, variadic: true, complete: 'image', description: 'Image references or ids' }],
  options: [
    { name: 'force', short: 'f', type: 'boolean', description: 'Delete even when several tags or stopped containers refer to it' },
    { name: 'no-prune', type: 'boolean', description: 'Keep untagged parent images' },
    { name: 'platform', type: 'string', repeat: true, value: 'OS/ARCH', description: "Remove only this platform's variant (containerd store, API 1.50)" },
  ],
  examples: ['imgsh rmi busybox:1', 'imgsh rmi -f 4d5d3336d163', 'imgsh rmi app:1 app:2 app:3'],
  async run(ctx, { args, options }) {
    const force = options.force === true;
    const noPrune = options['no-prune'] === true;
    // outside the app, as docker: the engine judges the references
    for (const ref of ctx.mode === 'app' ? args : []) {
      try {
        checkRefOrId(ref);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    const platforms = platformsFrom(options);
    const engine = await ctx.engine();
    if (platforms.length > 0) await requirePlatformApi(ctx, engine, '1.50');
    const steps = planRemovals(args, await engine.removalState(), force);
    // of some platforms, the plan's figures (the whole image's) do not hold: a question of its own
    const asked = platforms.length > 0 ? () => ctx.confirm(`Remove the ${platforms.map(formatPlatform).join(', ')} content of ${args.join(', ')}?`, []) : () => confirmed(ctx, steps);
    if (ctx.mode === 'app' && !(await asked())) return { text: 'Nothing removed', json: [] };
    const results: RefResult[] = [];
    for (const step of steps) {
      const result: RefResult = { ref: step.ref, action: step.action, untagged: [], deleted: [], bytes: 0, warnings: [] };
      results.push(result);
      // a ref the plan could not find still goes to the engine, which resolves names its own way
      // of one platform the engine judges alone (its refusal: content other images share)
      if (step.problem && step.problem.kind !== 'not-found' && platforms.length === 0) {
        result.error = step.problem.message;
        continue;
      }
      if (ctx.signal.aborted) {
        result.error = `${step.ref}: not removed (cancelled)`;
        continue;
      }
      try {
        const done = await engine.remove(step.ref, { force, noPrune, platforms });
        Object.assign(result, done, {
          action: done.deleted.length ? 'delete' : 'untag',
          bytes: done.deleted.length && platforms.length === 0 ? step.bytes : 0,
          warnings: done.deleted.length && platforms.length === 0 ? step.warnings : [],
        });
      } catch (e) {
        // docker's words for what docker users script against; imgsh's explanations for the rest
        const missing = e instanceof EngineApiError && (e.status === 404 || e.status === 400 || platforms.length > 0) && ctx.mode !== 'app';
        result.error = missing ? `Error response from daemon: ${e.said}` : (e as Error).message;
      }
    }
    // outside the app stdout is docker's (Untagged/Deleted); the warnings go to stderr
    const app = ctx.mode === 'app';
    const warnings = results.flatMap((r) => r.warnings.map((w) => `warning: ${w}`));
    const output = { text: resultText(results, app), json: results, warning: app || !warnings.length ? undefined : warnings.join('\n') };
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length) throw new CommandError(failed.map((r) => r.error).join('\nimgsh: '), output);
    return output;
  },
});

function resultText(results: RefResult[], app: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(...r.untagged.map((t) => `Untagged: ${t}`), ...r.deleted.map((id) => `Deleted: ${id}`));
    if (!app) continue;
    if (r.deleted.length && r.bytes > 0) lines.push(`Freed up to ${formatBytes(r.bytes)}`);
    lines.push(...r.warnings.map((w) => `warning: ${w}`));
  }
  return lines.join('\n');
}

/** The app asks first: one question for all the refs, a line per ref underneath. */
async function confirmed(ctx: CommandContext, steps: RemovalStep[]): Promise<boolean> {
  const doable = steps.filter((s) => !s.problem || s.problem.kind === 'not-found');
  if (doable.length === 0) throw new CommandError(steps.map((s) => s.problem!.message).join('\nimgsh: '));
  const details = steps.flatMap(stepLines);
  if (doable.length === 1 && steps.length === 1) return ctx.confirm(question(doable[0]), details);
  const deletes = doable.filter((s) => s.action === 'delete');
  const bytes = deletes.reduce((n, s) => n + s.bytes, 0);
  const parts = [deletes.length && `delete ${deletes.length} (frees up to ${formatBytes(bytes)})`, doable.length - deletes.length && `untag ${doable.length - deletes.length}`];
  return ctx.confirm(`Remove ${doable.length} images: ${parts.filter(Boolean).join(', ')}?`, details);
}

function question(s: RemovalStep): string {
  if (s.action === 'untag') {
    return `Untag ${s.ref} (${s.remaining.length ? `the image stays as ${s.remaining.join(', ')}` : 'the image stays: other images are built on it'})?`;
  }
  const what = s.untags.length && s.untags[0] !== s.ref ? `${s.ref} (${s.untags.join(', ')})` : s.ref;
  return `Delete ${what} (frees up to ${formatBytes(s.bytes)})?`;
}

function stepLines(s: RemovalStep): string[] {
  if (s.problem && s.problem.kind !== 'not-found') return [`skip ${s.ref}: ${s.problem.message}`];
  if (!s.imageId) return [`${s.ref}: not found here; the engine will be asked anyway`];
  const id = shortId(s.imageId);
  const head =
    s.action === 'untag'
      ? `untag ${s.ref} (image ${id} stays${s.remaining.length ? ` as ${s.remaining.join(', ')}` : ''})`
      : `delete ${s.ref} (image ${id}${s.untags.length > 1 ? `, tags ${s.untags.join(', ')}` : ''}): frees up to ${formatBytes(s.bytes)}`;
  const containers = s.action === 'delete' ? s.containers.map((c) => `  container ${c.name} (${c.running ? 'running' : 'stopped'}) will point at a missing image`) : [];
  return [head, ...containers];
}
