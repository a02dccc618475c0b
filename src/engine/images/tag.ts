import type { Endpoint } from '../../domain/connection/endpoint.js';
import { familiarName, familiarRef, withDefaultTag, type ImageRef } from '../../domain/images/ref.js';
import { refPath } from '../transport/http.js';
import { EngineApiError, ImageNotFoundError } from '../transport/errors.js';
import { requestJson } from '../transport/stream.js';

/** Tags SRC (a reference or an id) as DST; resolves with the image id. */
export async function tagImage(endpoint: Endpoint, source: string, target: ImageRef): Promise<{ id: string; target: string }> {
  const dst = withDefaultTag(target);
  try {
    // the source as given, as docker sends it: the engine's refusal is then docker's word for word
    await requestJson(endpoint, 'POST', `/images/${refPath(source)}/tag`, { query: { repo: familiarName(dst), tag: dst.tag ?? 'latest' } });
    const info = await requestJson<{ Id: string }>(endpoint, 'GET', `/images/${refPath(familiarRef(dst))}/json`);
    return { id: info.Id, target: familiarRef(dst) };
  } catch (err) {
    if (err instanceof EngineApiError && err.status === 404) throw new ImageNotFoundError(source, err.said);
    throw err;
  }
}
