import type { Endpoint } from '../../domain/connection/endpoint.js';

/** The engine could not be reached at all; the message says what to do. */
export class EngineUnreachableError extends Error {
  constructor(
    readonly endpoint: Endpoint,
    readonly code: string,
    /** what ssh printed, for ssh:// endpoints */
    readonly detail = '',
  ) {
    super(endpoint.kind === 'ssh' && code === 'ESSH' ? sshMessage(endpoint, detail) : unreachableMessage(endpoint, code));
    this.name = 'EngineUnreachableError';
  }
}

/** The engine's connection dropped in the middle of an answer (Node says ECONNRESET or 'aborted'). */
export function isConnectionReset(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | null;
  return e?.code === 'ECONNRESET' || e?.message === 'aborted';
}

/** From a connection error: its code, and ssh's words when ssh failed. */
export function unreachableFrom(endpoint: Endpoint, err: unknown): EngineUnreachableError {
  const e = err as { code?: string; level?: string; stderr?: string } | null;
  return new EngineUnreachableError(endpoint, e?.code ?? e?.level ?? 'ERROR', e?.stderr ?? '');
}

/** ssh's failure in plain words: which part failed and what to do about it. */
export function sshMessage(endpoint: Extract<Endpoint, { kind: 'ssh' }>, said: string): string {
  const login = `${endpoint.port ? `-p ${endpoint.port} ` : ''}${endpoint.user ? `${endpoint.user}@` : ''}${endpoint.host}`;
  const where = `cannot reach the Docker engine at ${endpoint.url}`;
  const quote = said ? ` (ssh: ${said.replace(/^ssh: /, '').slice(0, 200)})` : '';
  if (/command not found/.test(said) && /^ssh:/.test(said))
    return `${where}: no ssh client here — install OpenSSH (e.g. apt install openssh-client)`;
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key .* not known/i.test(said))
    return `${where}: ssh does not trust the host key of ${endpoint.host}${quote} — run \`ssh ${login}\` once to check and accept it`;
  if (/Permission denied|Too many authentication failures/i.test(said))
    return `${where}: ssh login as ${endpoint.user ? `${endpoint.user}@` : ''}${endpoint.host} was refused${quote} — add your key to ssh-agent (ssh-add) or set IdentityFile in ~/.ssh/config; imgsh cannot answer password prompts`;
  if (/Could not resolve hostname/i.test(said)) return `${where}: unknown host ${endpoint.host}${quote} — check the name or ~/.ssh/config`;
  if (/Connection refused|Connection timed out|No route to host|Network is unreachable/i.test(said))
    return `${where}: ssh could not connect to ${endpoint.host}${endpoint.port ? `:${endpoint.port}` : ''}${quote} — check that sshd runs there and the port is right`;
  if (endpoint.socket && /open failed: administratively prohibited/i.test(said))
    return `${where}: sshd on ${endpoint.host} does not allow socket forwarding (AllowStreamLocalForwarding) — allow it there, or leave ${endpoint.socket} out of the URL to use \`docker system dial-stdio\``;
  // ssh 9.2 says only "connect failed: open failed" whether the socket is missing or refused us
  if (endpoint.socket && /open failed/i.test(said))
    return `${where}: ssh works, but no engine answered at ${endpoint.socket} on ${endpoint.host} — check the path after the host in the URL (or leave it out for the remote's default engine), that the engine runs, and that ${login} may use its socket`;
  if (/docker: (command )?not found|unknown command "?dial-stdio|unknown command "?system/i.test(said))
    return `${where}: ${endpoint.host} has no docker CLI with \`docker system dial-stdio\` — install docker (the client) there`;
  if (/Cannot connect to the Docker daemon|daemon running|dial unix|connect: (no such file|permission denied|connection refused)/i.test(said))
    return `${where}: ssh works, but the engine on ${endpoint.host} did not answer${quote} — start it there, or check that ${login} may use its socket`;
  return `${where} over ssh${quote} — check that \`ssh ${login} docker version\` works`;
}

/** The engine answered with an error status. */
export class EngineApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The engine's own words, which docker prints after `Error response from daemon: `. */
    readonly said = message,
  ) {
    super(message);
    this.name = 'EngineApiError';
  }
}

/** The engine answered 404 for an image reference. */
export class ImageNotFoundError extends EngineApiError {
  constructor(
    readonly ref: string,
    /** The engine's own words (`No such image: nope:latest`), which docker prints. */
    said = `No such image: ${ref}`,
  ) {
    super(404, `no such image: ${ref}`, said);
    this.name = 'ImageNotFoundError';
  }
}

/** `--platform` asked of an engine that cannot pick one, or of an image that does not hold it. */
export class PlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformError';
  }
}

export function unreachableMessage(endpoint: Endpoint, code: string): string {
  const where = `cannot reach the Docker engine at ${endpoint.url}`;
  if (endpoint.kind === 'unix') {
    if (code === 'EACCES')
      return `${where}: permission denied on ${endpoint.path} — add your user to the docker group, or set DOCKER_HOST`;
    if (code === 'ENOENT')
      return `${where}: no socket at ${endpoint.path} — start the engine (e.g. systemctl start docker), or set DOCKER_HOST`;
  }
  if (code === 'ETIMEDOUT')
    return `${where}: no answer (timed out) — check that the engine is running and the address is right`;
  if (code === 'ETLSREQUIRED')
    return `${where}: the engine speaks TLS there — set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem`;
  if (/CERT|TLS|SSL|SELF_SIGNED|LEAF_SIGNATURE|ISSUER/i.test(code)) return tlsMessage(endpoint, where, code);
  if (endpoint.kind === 'ssh')
    return `${where} over ssh (${code}) — check that \`ssh ${endpoint.user ? `${endpoint.user}@` : ''}${endpoint.host} docker version\` works and your key is in ssh-agent (SSH_AUTH_SOCK)`;
  return `${where} (${code}) — start the engine, check the address and permissions on the socket, or set DOCKER_HOST / --host`;
}

const file = (path: string | null | undefined, name: string) => path ?? `no ${name} in DOCKER_CERT_PATH`;

function tlsMessage(endpoint: Endpoint, where: string, code: string): string {
  const tls = endpoint.kind === 'tcp' ? endpoint.tls : null;
  if (/BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|HANDSHAKE_FAILURE/i.test(code))
    return `${where}: the engine refused our client certificate (${code}) — DOCKER_CERT_PATH needs the cert.pem and key.pem the engine's CA signed (have: ${file(tls?.cert, 'cert.pem')}, ${file(tls?.key, 'key.pem')})`;
  if (/EXPIRED|NOT_YET_VALID/i.test(code)) return `${where}: a certificate is out of its validity dates (${code}) — renew it`;
  if (/ALTNAME|HOSTNAME/i.test(code))
    return `${where}: the engine's certificate is not for this address (${code}) — connect by a name or IP its certificate lists`;
  if (/VERIFY|SIGNATURE|SELF_SIGNED|ISSUER/i.test(code))
    return `${where}: the engine's certificate is not signed by the CA we trust (${code}) — DOCKER_CERT_PATH (or the context) needs the ca.pem that signed it (have: ${file(tls?.ca, 'ca.pem')})`;
  return `${where}: TLS failed (${code}) — check DOCKER_CERT_PATH or the context's certificates, and DOCKER_TLS_VERIFY`;
}

/** An error status from the engine; a plain-HTTP request to a TLS port is a connection problem. */
export function apiError(endpoint: Endpoint, status: number, message: string): Error {
  if (status === 400 && /HTTP request to an HTTPS server/i.test(message)) return new EngineUnreachableError(endpoint, 'ETLSREQUIRED');
  return new EngineApiError(status, message);
}

/** The message of an error answer: its JSON `message`, else its text, else the status. */
export function engineMessage(body: string, status?: number): string {
  try {
    const msg = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof msg === 'string' && msg) return msg;
  } catch {
    // not JSON: fall through
  }
  return body.trim() || `the engine answered HTTP ${status ?? '?'}`;
}
