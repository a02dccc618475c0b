// What the first frame needs from the engine, asked before the app has loaded: the list, the
// containers per image and the version, through the app's own HTTP client (three requests at once).
import type { EngineVersion } from '../domain/images/details.js';
import type { Endpoint } from '../domain/connection/endpoint.js';
import type { ImageSummary } from '../domain/images/image.js';
import { countByImage, toEngineVersion, toImageSummary, type ApiImage, type ApiVersion } from './api/convert.js';
import { createHttpClient } from './transport/http.js';

export interface FirstList {
  images: ImageSummary[];
  counts: Map<string, number>;
  version: EngineVersion;
}

/** The answers `startEngineSync`'s first load gets (the list without `all`), or null when the engine did not give them within `timeoutMs`. */
export async function firstList(endpoint: Endpoint, timeoutMs: number): Promise<FirstList | null> {
  const http = createHttpClient(endpoint, timeoutMs);
  try {
    const [images, containers, version] = await Promise.all([
      http.getJson<ApiImage[] | null>('/images/json', {}),
      http.getJson<{ ImageID?: string }[] | null>('/containers/json', { all: 1 }),
      http.getJson<ApiVersion>('/version'),
    ]);
    return { images: (images ?? []).map(toImageSummary), counts: countByImage(containers ?? []), version: toEngineVersion(version) };
  } catch {
    return null;
  } finally {
    http.close();
  }
}
