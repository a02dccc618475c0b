import type { Endpoint } from '../domain/endpoint.js';
import { serverAddress } from '../domain/registry-auth.js';
import { registryErrorMessage } from '../domain/registry-errors.js';
import { dockerodeFor } from './dockerode.js';
import { CancelledError, engineError, RegistryError } from './op-errors.js';
import { EngineApiError } from './errors.js';

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
  const docker = await dockerodeFor(endpoint);
  try {
    const answer = (await docker.checkAuth({ username, password, serveraddress: serverAddress(domain), abortSignal: signal })) as {
      IdentityToken?: string;
    } | null;
    return { identityToken: answer?.IdentityToken || null };
  } catch (err) {
    if (signal.aborted) throw new CancelledError('login');
    const e = engineError(endpoint, err);
    if (!(e instanceof EngineApiError)) throw e;
    const message = registryErrorMessage({ op: 'login', subject: domain, domain, message: e.message, status: e.status, withCredentials: true });
    throw new RegistryError(message);
  }
}
