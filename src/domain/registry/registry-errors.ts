import { isDockerHub, registryLabel } from '../images/ref.js';

// The engine reports registry failures as free text (before the stream as an HTTP error,
// or mid-stream as an errorDetail line); these turn them into one line saying what to do.

export type RegistryFailure = 'unreachable' | 'unauthorized' | 'not-found' | 'other';

const UNREACHABLE =
  /connection refused|no such host|i\/o timeout|timeout|timed out|network is unreachable|no route to host|connection reset|tls: |x509: |server gave HTTP response to HTTPS client|dial tcp/i;
const UNAUTHORIZED = /unauthorized|authentication required|no basic auth credentials|denied|status: 401|\b401\b/i;
const NOT_FOUND = /manifest unknown|not found|does not exist|name unknown|no such image|repository name not known/i;

export function classifyRegistryError(message: string, status?: number): RegistryFailure {
  if (UNREACHABLE.test(message)) return 'unreachable';
  // Docker Hub says "repository does not exist or may require 'docker login'": check that first
  if (UNAUTHORIZED.test(message) || status === 401) return 'unauthorized';
  if (NOT_FOUND.test(message) || status === 404) return 'not-found';
  return 'other';
}

/** Why the engine could not reach the registry, in a few words. */
function unreachableReason(message: string): string {
  if (/server gave HTTP response to HTTPS client/i.test(message)) return 'it speaks plain HTTP and is not in the engine\'s insecure-registries';
  if (/no such host/i.test(message)) return 'no such host: the name does not resolve';
  if (/connection refused/i.test(message)) return 'connection refused';
  if (/timeout|timed out/i.test(message)) return 'timed out';
  if (/x509|tls: /i.test(message)) return 'its TLS certificate was refused';
  if (/unreachable|no route/i.test(message)) return 'network unreachable';
  return 'network error';
}

export interface RegistryErrorInput {
  op: 'pull' | 'push' | 'login';
  /** The reference as the user wrote it, or the registry for login. */
  subject: string;
  /** Registry host (`docker.io` for Docker Hub). */
  domain: string;
  message: string;
  status?: number;
  /** Credentials were sent: an unauthorized answer means they were refused. */
  withCredentials: boolean;
}

/** One line naming the registry and what to do. Never includes credentials (none are passed in). */
export function registryErrorMessage(e: RegistryErrorInput): string {
  const where = registryLabel(e.domain);
  const loginCmd = `imgsh login${isDockerHub(e.domain) ? '' : ` ${e.domain}`}`;
  switch (classifyRegistryError(e.message, e.status)) {
    case 'unreachable':
      return `cannot reach ${where} from the engine (${unreachableReason(e.message)}): check the registry address, that it is running, and the engine host's network`;
    case 'unauthorized':
      if (e.op === 'login') return `login to ${where} failed: wrong username or password`;
      if (isDockerHub(e.domain) && /does not exist or may require/i.test(e.message)) {
        return `${e.subject} was not found on Docker Hub, or it is private: check the name, or run ${loginCmd}`;
      }
      if (e.withCredentials) {
        return `${where} refused the stored credentials for ${e.op} of ${e.subject}: run ${loginCmd} again (or check your rights on this repository)`;
      }
      return `${where} requires a login to ${e.op} ${e.subject}: run ${loginCmd}`;
    case 'not-found':
      if (e.op === 'push') return `no local image ${e.subject} to push: tag one first (imgsh tag SRC ${e.subject})`;
      return `${e.subject} was not found in ${where}: check the name and tag${isDockerHub(e.domain) ? '' : ` (imgsh search --catalog ${e.domain}/ lists its repositories)`}`;
    default:
      return `${e.op} of ${e.subject} failed: ${firstLine(e.message)}`;
  }
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0];
}
