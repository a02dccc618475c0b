import type { Endpoint } from '../../domain/connection/endpoint.js';
import { toEngineVersion, type ApiVersion } from './convert.js';
import { createHttpClient } from '../transport/http.js';

const known = new Map<string, Promise<boolean>>();

/** Whether the engine is Podman's Docker-compatible service (asked once per endpoint). */
export function isPodman(endpoint: Endpoint): Promise<boolean> {
  let answer = known.get(endpoint.url);
  if (!answer) {
    const http = createHttpClient(endpoint);
    answer = http
      .getJson<ApiVersion>('/version')
      .then((v) => toEngineVersion(v).product === 'Podman')
      .catch(() => false)
      .finally(() => http.close());
    known.set(endpoint.url, answer);
  }
  return answer;
}
