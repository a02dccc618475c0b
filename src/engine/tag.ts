import type { Endpoint } from '../domain/endpoint.js';
import { familiarName, familiarRef, withDefaultTag, type ImageRef } from '../domain/ref.js';
import { dockerodeFor } from './dockerode.js';
import { engineError } from './op-errors.js';
import { EngineApiError, ImageNotFoundError } from './errors.js';

/** Tags SRC (a reference or an id) as DST; resolves with the image id. */
export async function tagImage(endpoint: Endpoint, source: string, target: ImageRef): Promise<{ id: string; target: string }> {
  const docker = await dockerodeFor(endpoint);
  const dst = withDefaultTag(target);
  try {
    const info = (await docker.getImage(source).inspect()) as { Id: string };
    await docker.getImage(info.Id).tag({ repo: familiarName(dst), tag: dst.tag ?? 'latest' });
    return { id: info.Id, target: familiarRef(dst) };
  } catch (err) {
    const e = engineError(endpoint, err);
    if (e instanceof EngineApiError && e.status === 404) throw new ImageNotFoundError(source);
    throw e;
  }
}
