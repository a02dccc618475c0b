import type { Endpoint } from '../../domain/connection/endpoint.js';
import { serverAddress } from '../../domain/registry/registry-auth.js';
import { registryErrorMessage } from '../../domain/registry/registry-errors.js';
import { EngineApiError } from '../transport/errors.js';
import { CancelledError, RegistryError } from '../transport/op-errors.js';
import { requestJson } from '../transport/stream.js';

/**
 * Asks the engine to log in to a registry (POST /auth), as `docker login` does. Resolves with
 * the identity token the registry may hand out instead of keeping the password.
 */
export async function verifyLogin(
  endpoint: Endpoint,
  domain: string,
  username: string,
  password: string,
  signal: AbortSignal,
): Promise<{ identityToken: string | null }> {
  try {
    const body = { username, password, serveraddress: serverAddress(domain) };
    const answer = await requestJson<{ IdentityToken?: string } | null>(endpoint, 'POST', '/auth', { body, signal });
    return { identityToken: answer?.IdentityToken || null };
  } catch (e) {
    if (signal.aborted) throw new CancelledError('login');
    if (!(e instanceof EngineApiError)) throw e;
    const message = registryErrorMessage({ op: 'login', subject: domain, domain, message: e.message, status: e.status, withCredentials: true });
    throw new RegistryError(message);
  }
}
