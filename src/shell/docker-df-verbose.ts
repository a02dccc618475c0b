// `docker system df -v`: each image, container, volume and build cache record, as docker 28's
// CLI prints them (formatter.DiskUsageContext.verboseWrite): four tables under their titles, or
// a template run once over all four lists.
import type { DiskUsageItems } from '../domain/images/disk-usage-items.js';
import { sortBuildCache } from '../domain/images/disk-usage-items.js';
import type { DockerImageRow } from '../domain/images/docker-image-rows.js';
import { NONE } from '../domain/images/image.js';
import { familiarName, parseRef } from '../domain/images/ref.js';
import { humanSize } from '../domain/text/docker-units.js';
import { GO_TYPE } from '../domain/text/go-template.js';
import {
  buildCacheContext,
  CACHE_HEADERS,
  IMAGE_HEADERS,
  imageContexts,
  VOLUME_HEADERS,
  volumeContext,
} from './docker-contexts.js';
import { CONTAINER_HEADERS, containerContext } from './docker-container-context.js';
import { MARSHAL, readFormat, renderFormat, renderOnce } from './docker-format.js';
import { diskUsageRaw } from './docker-raw-formats.js';

const IMAGES = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}';
const CONTAINERS = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}';
const VOLUMES = 'table {{.Name}}\t{{.Links}}\t{{.Size}}';
const CACHE = 'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}';

/** `format`: `table` for docker's four tables, else a template (or `json`) run once over them. */
export function verboseDiskUsage(items: DiskUsageItems, format: string): string {
  const table = format === 'table';
  // docker cuts IDs for any `table …` format, though only `table` itself gets its four tables
  const trunc = format.startsWith('table');
  const lists = {
    Images: imageContexts(imageRows(items), trunc),
    Containers: items.containers.map((c) => containerContext(c, trunc)),
    Volumes: items.volumes.map(volumeContext),
    BuildCache: sortBuildCache(items.buildCache).map((c) => buildCacheContext(c, trunc)),
  };
  if (!table) {
    const marshalled = (xs: object[]) => xs.map((x) => (x as { [MARSHAL]: () => unknown })[MARSHAL]());
    const all = {
      ...lists,
      [GO_TYPE]: '*formatter.diskUsageContext',
      [MARSHAL]: () => Object.fromEntries(Object.entries(lists).map(([k, xs]) => [k, marshalled(xs)])),
    };
    return renderOnce(readFormat(format === 'raw' ? diskUsageRaw(true) : format), all);
  }
  const section = (template: string, xs: object[], headers: Record<string, string>) => renderFormat(readFormat(template), xs, headers);
  const cacheSize = items.buildCache.filter((c) => !c.shared).reduce((sum, c) => sum + c.size, 0);
  return [
    'Images space usage:\n\n',
    section(IMAGES, lists.Images, IMAGE_HEADERS),
    '\nContainers space usage:\n\n',
    section(CONTAINERS, lists.Containers, CONTAINER_HEADERS),
    '\nLocal Volumes space usage:\n\n',
    section(VOLUMES, lists.Volumes, VOLUME_HEADERS),
    `\nBuild cache usage: ${humanSize(cacheSize)}\n\n`,
    section(CACHE, lists.BuildCache, CACHE_HEADERS),
  ].join('');
}

/** One row an image, named by its first tag; an image whose first tag does not parse is left out, as docker does. */
function imageRows(items: DiskUsageItems): DockerImageRow[] {
  const rows: DockerImageRow[] = [];
  for (const i of items.images) {
    let repository = NONE;
    let tag = NONE;
    if (i.repoTags.length > 0) {
      let ref;
      try {
        ref = parseRef(i.repoTags[0]!);
      } catch {
        continue;
      }
      if (ref.tag && !ref.digest) [repository, tag] = [familiarName(ref), ref.tag];
    }
    const { id, created, size } = i;
    rows.push({ id, repository, tag, digest: '', created, size, sharedSize: i.sharedSize ?? -1, containers: i.containers ?? -1 });
  }
  return rows;
}
