import { parseDate } from '../../domain/text/duration.js';
import { chainIds, layerSizes, type ImageLayers } from '../../domain/layers/layers.js';
import { engineFilters, type PruneRules } from '../../domain/images/prune-filter.js';
import type { PlanImage, PlanInput } from '../../domain/images/prune-plan.js';
import type { ApiHistory, ApiImage, ApiInspect } from '../api/convert.js';
import { EngineApiError } from '../transport/errors.js';
import { createHttpClient, type HttpClient } from '../transport/http.js';
import { requestJson, streamRequest } from '../transport/stream.js';
import type { Engine } from '../types.js';
import type { PruneReport } from '../operation-types.js';
export type { PruneReport };

/** The engine's clock (its Date header), which `until=24h` counts back from. */
export async function engineNow(engine: Engine): Promise<number> {
  const { req, response } = await streamRequest(engine.endpoint, { method: 'GET', path: '/_ping' });
  req.end();
  const res = await response;
  res.resume();
  const date = Date.parse(res.headers.date ?? '');
  return Number.isNaN(date) ? Date.now() : date;
}

async function withClient<T>(engine: Engine, fn: (http: HttpClient) => Promise<T>): Promise<T> {
  const http = createHttpClient(engine.endpoint);
  try {
    return await fn(http);
  } finally {
    http.close();
  }
}

/** Runs `fn` over `items`, `limit` at a time. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Inspect, or null when the image went away in the meantime. */
async function inspect(http: HttpClient, id: string): Promise<ApiInspect | null> {
  try {
    return await http.getJson<ApiInspect>(`/images/${encodeURIComponent(id)}/json`);
  } catch (e) {
    if (e instanceof EngineApiError && e.status === 404) return null;
    throw e;
  }
}

/**
 * Every image and which are in use: what the prune rules need. Images whose fate hangs on
 * details the list rounds off (created within the `until` second, no labels vs no config)
 * are inspected.
 */
export async function pruneInput(engine: Engine, rules: PruneRules): Promise<PlanInput> {
  return withClient(engine, async (http) => {
    const [listed, containers, { containerdStore }] = await Promise.all([
      http.getJson<ApiImage[] | null>('/images/json', { all: 1 }),
      http.getJson<{ ImageID?: string }[] | null>('/containers/json', { all: 1 }),
      engine.capabilities(),
    ]);
    const images: PlanImage[] = (listed ?? []).map((i) => ({
      id: i.Id,
      parentId: i.ParentId ?? '',
      // the containerd store keeps no references by digest apart from the tags: nothing to untag
      refs: [...(i.RepoTags ?? []), ...(containerdStore ? [] : (i.RepoDigests ?? []))].filter((r) => r !== '<none>:<none>' && r !== '<none>@<none>'),
      created: { seconds: i.Created ?? 0, nanos: 0 },
      labels: i.Labels ?? null,
      size: i.Size ?? 0,
    }));
    const byLabel = rules.labels.length + rules.notLabels.length > 0;
    const unclear = images.filter(
      (i) => (rules.until && i.created.seconds === rules.until.seconds) || (byLabel && i.labels === null),
    );
    await mapLimit(unclear, 8, async (img) => {
      const details = await inspect(http, img.id);
      if (!details) return;
      img.created = parseDate(details.Created ?? '') ?? img.created;
      if (img.labels === null && details.Config) img.labels = details.Config.Labels ?? {};
    });
    for (const img of images) if (!byLabel && img.labels === null) img.labels = {};
    const inUse = new Set((containers ?? []).flatMap((c) => (c.ImageID ? [c.ImageID] : [])));
    return { images, inUse, keepsParents: containerdStore };
  });
}

/** Layers of the images to delete (with sizes) and of all others, for the space a prune frees. */
export async function layersOf(
  engine: Engine,
  deleted: readonly string[],
  kept: readonly string[],
): Promise<{ deleted: ImageLayers[]; kept: ImageLayers[] }> {
  return withClient(engine, async (http) => {
    const chainsOf = async (id: string) => chainIds((await inspect(http, id))?.RootFS?.Layers ?? []);
    const keptLayers = await mapLimit(kept, 8, async (id) => ({ chainIds: await chainsOf(id) }));
    const deletedLayers = await mapLimit(deleted, 8, async (id) => {
      const details = await inspect(http, id);
      const ids = chainIds(details?.RootFS?.Layers ?? []);
      const history = details
        ? await http.getJson<ApiHistory[] | null>(`/images/${encodeURIComponent(id)}/history`).catch(() => null)
        : null;
      const steps = (history ?? []).reverse().map((h) => ({ size: h.Size ?? 0, createdBy: h.CreatedBy ?? '' }));
      return { chainIds: ids, sizes: layerSizes(ids.length, steps, details?.Size ?? 0) };
    });
    return { deleted: deletedLayers, kept: keptLayers };
  });
}

/** The engine's image prune with these rules (`until` sent absolute, as the preview used it). */
export async function runPrune(engine: Engine, rules: PruneRules, signal: AbortSignal): Promise<PruneReport> {
  const body = await requestJson<{ ImagesDeleted?: PruneReport['entries'] | null; SpaceReclaimed?: number }>(engine.endpoint, 'POST', '/images/prune', {
    query: { filters: engineFilters(rules) },
    signal,
  });
  return { entries: body?.ImagesDeleted ?? [], reclaimed: body?.SpaceReclaimed ?? 0 };
}
