import { isDockerHub } from '../images/ref.js';

// Registry credentials as docker keeps them in config.json, and as the engine wants them.

/** The key docker uses for Docker Hub in `auths` and for credential helpers. */
export const HUB_SERVER = 'https://index.docker.io/v1/';

export interface Credentials {
  serverAddress: string;
  username?: string;
  password?: string;
  identityToken?: string;
}

/** An `auths` entry of config.json. */
export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  email?: string;
}

export interface DockerConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** The server address docker stores credentials under: Hub's v1 URL, else `host[:port]`. */
export function serverAddress(domain: string): string {
  return isDockerHub(domain) ? HUB_SERVER : domain;
}

/** `https://host:5000/v2/` → `host:5000` (docker's ConvertToHostname). */
export function keyHost(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0];
}

function sameRegistry(key: string, server: string): boolean {
  if (key === server) return true;
  const host = keyHost(key);
  if (server === HUB_SERVER) return isDockerHub(host);
  return host === server;
}

/** The config key holding a registry's entry: the exact key first, then `https://host/…` forms. */
export function findKey<T>(entries: Record<string, T> | undefined, server: string): string | undefined {
  if (!entries) return undefined;
  if (server in entries) return server;
  return Object.keys(entries).find((k) => sameRegistry(k, server));
}

/** The credential helper for a registry (`credHelpers` beats `credsStore`), or null. */
export function helperFor(config: DockerConfigFile, server: string): string | null {
  const key = findKey(config.credHelpers, server);
  if (key !== undefined && config.credHelpers![key]) return config.credHelpers![key];
  return config.credsStore || null;
}

/** Credentials from an `auths` entry (base64 `auth`, or username/password, or an identity token). */
export function decodeAuthEntry(entry: AuthEntry, server: string): Credentials | null {
  const creds: Credentials = { serverAddress: server };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new Error(`the "auth" entry for ${server} in the docker config is not base64 of USER:PASSWORD`);
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  } else if (entry.username) {
    creds.username = entry.username;
    creds.password = entry.password;
  }
  if (entry.identitytoken) creds.identityToken = entry.identitytoken;
  return creds.username || creds.identityToken ? creds : null;
}

/** What a credential helper's `get` prints: `{ServerURL, Username, Secret}`; `<token>` means an identity token. */
export function fromHelper(out: { Username?: string; Secret?: string }, server: string): Credentials | null {
  if (!out.Secret) return null;
  if (out.Username === '<token>') return { serverAddress: server, identityToken: out.Secret };
  return { serverAddress: server, username: out.Username, password: out.Secret };
}

export function encodeAuthEntry(username: string, password: string): AuthEntry {
  return { auth: Buffer.from(`${username}:${password}`, 'utf8').toString('base64') };
}

/** The X-Registry-Auth header: base64url (padded) of docker's AuthConfig JSON. */
export function registryAuthHeader(c: Credentials): string {
  const body = c.identityToken
    ? { identitytoken: c.identityToken, serveraddress: c.serverAddress }
    : { username: c.username ?? '', password: c.password ?? '', serveraddress: c.serverAddress };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Basic auth for talking to a registry ourselves (search). */
export function basicAuthorization(c: Credentials): string | null {
  if (!c.username || c.password === undefined) return null;
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}
