import { shortId } from '../src/domain/images/image.js';
import { parsePruneFilters, pruneRules, type PruneRules } from '../src/domain/images/prune-filter.js';
import { planPrune, type PrunePlan } from '../src/domain/images/prune-plan.js';
import { formatBytes } from '../src/domain/text/size.js';
import { humanSize } from '../src/domain/text/docker-units.js';
import { relativeTime } from '../src/domain/text/time.js';
import type { Engine } from '../src/engine/types.js';
import { CommandError, defineCommand, UsageError, type CommandContext } from '../src/shell/command.js';
import { formatTable } from '../src/shell/table.js';

export default defineCommand({
  name: 'prune',
  asDocker: 'docker\'s `image prune` with `-f`; without it imgsh previews and asks on a terminal, and off one needs `-f` (docker reads y/N from stdin); an unknown filter is imgsh\'s line',
  dockerForm: true,
  summary: 'Remove unused images: dangling ones, or with -a all that no container uses (preview, then confirm)',
  args: [],
  options: [
    { name: 'all', short: 'a', type: 'boolean', description: 'All images no container uses, not only dangling ones' },
    { name: 'filter', type: 'string', repeat: true, value: 'K=V', description: 'until=DURATION|TIME, label=K[=V], label!=K[=V]' },
    { name: 'force', short: 'f', type: 'boolean', description: 'Do not ask for confirmation' },
  ],
  examples: ['imgsh prune', 'imgsh prune -a --filter until=24h', 'imgsh prune -f --filter label=com.example.ci=true'],
  async run(ctx, { options }) {
    let spec;
    try {
      spec = parsePruneFilters((options.filter as string[] | undefined) ?? []);
    } catch (e) {
      // docker's exit code outside the app (1: it is the engine that refuses there)
      throw ctx.mode === 'app' ? new UsageError((e as Error).message) : new CommandError((e as Error).message);
    }
    const engine = await ctx.engine();
    const { engineNow } = await import('../src/engine/images/prune.js');
    const rules = pruneRules(spec, options.all === true, spec.until !== undefined ? await engineNow(engine) : Date.now());
    const { plan, ids } = await makePlan(engine, rules);
    const app = ctx.mode === 'app';
    if (plan.deleted.length === 0 && plan.untagged.length === 0) {
      return { text: app ? 'nothing to prune' : 'Total reclaimed space: 0B', json: { deleted: [], untagged: [], reclaimed: 0 } };
    }
    if (options.force !== true) {
      const answer = await confirm(ctx, engine, plan, ids);
      if (!answer) return { text: 'prune cancelled: nothing was removed', json: { deleted: [], untagged: [], reclaimed: 0, cancelled: true } };
      // Between the preview and the answer images may have come or gone: never remove unseen ones.
      if (!samePlan(plan, (await makePlan(engine, rules)).plan)) {
        throw new CommandError('the images changed since the preview: nothing was removed; run prune again for a new preview');
      }
    }
    const report = await engine.prune(rules, ctx.signal);
    const deleted = report.entries.flatMap((e) => (e.Deleted && ids.has(e.Deleted) ? [e.Deleted] : []));
    const untagged = report.entries.flatMap((e) => (e.Untagged ? [e.Untagged] : []));
    const json = { deleted, untagged, reclaimed: report.reclaimed };
    if (!app) return { text: dockerReport(report.entries, report.reclaimed), json };
    const lines = [...untagged.map((r) => `Untagged: ${r}`), ...deleted.map((id) => `Deleted: ${id}`)];
    lines.push(`Total reclaimed space: ${formatBytes(report.reclaimed)}`);
    return { text: lines.join('\n'), json };
  },
});

/** docker image prune's report: what went, in the engine's order, then the space. */
function dockerReport(entries: { Untagged?: string; Deleted?: string }[], bytes: number): string {
  const lines = entries.map((e) => (e.Untagged ? `untagged: ${e.Untagged}` : `deleted: ${e.Deleted}`));
  const head = lines.length ? `Deleted Images:\n${lines.join('\n')}\n\n` : '';
  return `${head}Total reclaimed space: ${humanSize(bytes)}`;
}

async function makePlan(engine: Engine, rules: PruneRules): Promise<{ plan: PrunePlan; ids: Set<string> }> {
  const { pruneInput } = await import('../src/engine/images/prune.js');
  const input = await pruneInput(engine, rules);
  return { plan: planPrune(input, rules), ids: new Set(input.images.map((i) => i.id)) };
}

function samePlan(a: PrunePlan, b: PrunePlan): boolean {
  const key = (p: PrunePlan) => JSON.stringify([p.deleted.map((i) => i.id).sort(), [...p.untagged].sort()]);
  return key(a) === key(b);
}

async function confirm(ctx: CommandContext, engine: Engine, plan: PrunePlan, ids: Set<string>): Promise<boolean> {
  const onTerminal = ctx.mode === 'app' || (ctx.mode === 'cli' && (ctx.stdio?.input as { isTTY?: boolean } | undefined)?.isTTY === true);
  const deletedIds = new Set(plan.deleted.map((i) => i.id));
  const [{ layersOf }, { reclaimed }] = await Promise.all([import('../src/engine/images/prune.js'), import('../src/domain/layers/layers.js')]);
  const layers = await layersOf(engine, [...deletedIds], [...ids].filter((id) => !deletedIds.has(id)));
  const bytes = reclaimed(layers.deleted, layers.kept).bytes;
  const n = plan.deleted.length;
  const untagOnly = plan.untagged.filter((r) => !plan.deleted.some((i) => i.refs.includes(r)));
  const question =
    n > 0
      ? `Delete ${n} image${n === 1 ? '' : 's'} and free ${formatBytes(bytes)}?`
      : `Remove ${untagOnly.length} tag${untagOnly.length === 1 ? '' : 's'} (no image is deleted)?`;
  const preview = previewLines(plan, untagOnly, bytes);
  // without a terminal to ask on, it says what it would have done
  if (!onTerminal) throw new CommandError(`prune needs confirmation: nothing was removed; on a terminal it asks, or add -f to remove these:\n${preview.join('\n')}`);
  return ctx.confirm(question, preview);
}

/** The preview: each image that goes, each tag that goes from an image that stays, the total. */
export function previewLines(plan: PrunePlan, untagOnly: readonly string[], bytes: number): string[] {
  const rows = [
    ...plan.deleted.map((i) => {
      const child = plan.parentOf.get(i.id);
      const name = i.refs.join(', ') || (child ? `<none> (parent of ${shortId(child)})` : '<none>');
      return ['delete', shortId(i.id), name, formatBytes(i.size), relativeTime(i.created.seconds)];
    }),
    ...untagOnly.map((r) => ['untag', '', r, '', '']),
  ];
  const table = formatTable(['ACTION', 'IMAGE ID', 'NAME', 'SIZE', 'CREATED'], rows).split('\n');
  const notes = untagOnly.length ? ['untag: the tag goes, the image stays (a container uses it, or images are built on it)'] : [];
  const summary = `would delete ${plan.deleted.length} image(s) and remove ${plan.untagged.length} reference(s), freeing ${formatBytes(bytes)}`;
  return [...table, '', ...notes, summary];
}
