import type { DiskUsage } from '../domain/images/details.js';
import type { Endpoint } from '../domain/connection/endpoint.js';
import { toDiskUsage, type ApiDiskUsage } from './api/disk-usage.js';
import {
  countByImage,
  toCapabilities,
  toEngineEvent,
  toEngineVersion,
  toHistoryEntry,
  toImageDetails,
  toImageSummary,
  listedSize,
  type ApiEvent,
  type ApiHistory,
  type ApiImage,
  type ApiInfo,
  type ApiInspect,
  type ApiVersion,
} from './api/convert.js';
import { whileDiskUsageBusy } from './transport/disk-usage-busy.js';
import { EngineApiError, ImageNotFoundError } from './transport/errors.js';
import { platformQuery, type Platform } from '../domain/images/platform.js';
import { isPlatformMissing, platformMissing, requirePlatforms } from './platforms.js';
import { createHttpClient, refPath, type HttpClient } from './transport/http.js';
import { operationsFor } from './operations.js';
import type { Cancellable, Engine, EngineCapabilities, EngineEvent, ListImagesOptions, PlatformOption } from './types.js';

export { refPath };

/** What an engine is made of; tests give a recorded HTTP client and their own operations (test/support/fake-engine.ts). */
export interface EngineParts {
  http?: HttpClient;
  operations?: ReturnType<typeof operationsFor>;
}

export function createEngine(endpoint: Endpoint, parts: EngineParts = {}): Engine {
  const http = parts.http ?? createHttpClient(endpoint);
  let dfInFlight: Promise<DiskUsage> | null = null;
  let capabilities: Promise<EngineCapabilities> | null = null;
  const openStreams = new Set<Cancellable<unknown>>();

  /** GET /images/REF/PATH; with a platform (refused in one line where the engine cannot pick one), that platform's image. */
  async function forImage<T>(ref: string, path: string, platform?: Platform, query: Record<string, number | undefined> = {}): Promise<T> {
    const text = await imageText(ref, path, platform, query);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new EngineApiError(200, `the engine sent bad JSON for /images/${ref}/${path}`);
    }
  }

  async function imageText(ref: string, path: string, platform?: Platform, query: Record<string, number | undefined> = {}): Promise<string> {
    if (platform) await requirePlatforms(engine);
    try {
      return await http.getText(`/images/${refPath(ref)}/${path}`, { ...query, platform: platform && platformQuery(platform) });
    } catch (err) {
      if (platform && isPlatformMissing(err)) throw platformMissing(ref, platform);
      if (err instanceof EngineApiError && err.status === 404) throw new ImageNotFoundError(ref, err.said);
      throw err;
    }
  }

  const engine: Engine = {
    endpoint,

    async version() {
      return toEngineVersion(await http.getJson<ApiVersion>('/version'));
    },

    capabilities() {
      capabilities ??= Promise.all([http.getJson<ApiVersion>('/version'), http.getJson<ApiInfo>('/info').catch(() => null)]).then(
        ([v, info]) => toCapabilities(v, info),
      );
      // a failure is not kept: the next call asks again
      capabilities.catch(() => (capabilities = null));
      return capabilities;
    },

    async listImages(opts: ListImagesOptions = {}) {
      const filters = opts.filters && Object.keys(opts.filters).length > 0 ? opts.filters : undefined;
      const images = await http.getJson<ApiImage[] | null>('/images/json', {
        all: opts.all ? 1 : undefined,
        filters,
        manifests: opts.manifests ? 1 : undefined,
      });
      return (images ?? []).map(toImageSummary);
    },

    async containerCounts() {
      // /images/json reports Containers: -1 unless asked; counting ourselves is cheaper than /system/df
      const containers = await http.getJson<{ ImageID?: string }[] | null>('/containers/json', { all: 1 });
      return countByImage(containers ?? []);
    },

    async inspectImage(ref: string, opts?: PlatformOption) {
      const platform = opts?.platform;
      const caps = await engine.capabilities().catch(() => null);
      const raw = await forImage<ApiInspect>(ref, 'json', platform, { manifests: caps?.platforms && !platform ? 1 : undefined });
      const details = toImageDetails(raw);
      // One size per image, the one `docker images` shows: on the containerd store inspect
      // counts the compressed content only (1.08 MB where the list says 3.08 MB). The list's
      // figure is the sum of the manifests' totals; without them (API < 1.48) it is read from
      // the list, which takes 0.5 s there with a hundred images (the manifests: 40 ms).
      const listSize = listedSize(raw);
      if (listSize !== undefined) details.size = listSize;
      else if (caps?.containerdStore && !platform) {
        const listed = await http.getJson<{ Id: string; Size?: number }[] | null>('/images/json', { all: 1 });
        const size = listed?.find((i) => i.Id === details.id)?.Size;
        if (size) details.size = size;
      }
      return details;
    },

    inspectDocument(ref: string, opts?: PlatformOption) {
      return imageText(ref, 'json', opts?.platform);
    },

    async history(ref: string, opts?: PlatformOption) {
      const entries = await forImage<ApiHistory[] | null>(ref, 'history', opts?.platform);
      return (entries ?? []).map(toHistoryEntry);
    },

    diskUsage() {
      // One scan in flight per engine: callers asking meanwhile share its answer.
      // its own connection: the scan can take seconds, and over ssh the pool is one connection
      dfInFlight ??= whileDiskUsageBusy(() => http.getJson<ApiDiskUsage>('/system/df', undefined, { own: true }))
        .then(toDiskUsage)
        .finally(() => (dfInFlight = null));
      return dfInFlight;
    },

    events() {
      // `since` = now: the engine replays what happens between this call and its subscribing
      const lines = http.getLines('/events', {
        since: (Date.now() / 1000).toFixed(3),
        filters: { type: ['image', 'container'] },
      });
      openStreams.add(lines);
      const stream: Cancellable<EngineEvent> = {
        close: () => {
          openStreams.delete(lines);
          lines.close();
        },
        async *[Symbol.asyncIterator]() {
          try {
            for await (const line of lines) yield toEngineEvent(line as ApiEvent);
          } finally {
            stream.close();
          }
        },
      };
      return stream;
    },

    ...(parts.operations ?? operationsFor(endpoint, () => engine)),

    close() {
      for (const s of openStreams) s.close();
      openStreams.clear();
      http.close();
    },
  };
  return engine;
}
