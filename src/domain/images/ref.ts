// Image references in docker's grammar (distribution/reference), checked before anything is
// sent so that each kind of mistake gets its own message.

/** A parsed reference: `docker.io` / `library/busybox` / `latest` / null for `busybox`. */
export interface ImageRef {
  domain: string;
  path: string;
  tag: string | null;
  digest: string | null;
}

export class RefError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    // JSON's quoting: a newline or a control character in the input stays on the one line
    super(`invalid reference ${JSON.stringify(input)}: ${reason}`);
    this.name = 'RefError';
  }
}

export const DOCKER_HUB = 'docker.io';
const NAME_MAX = 255;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const HEX64 = /^[a-f0-9]{64}$/;

/** Parses `[domain/]path[:tag][@digest]` the way docker does; throws RefError saying what is wrong. */
export function parseRef(input: string): ImageRef {
  const fail = (reason: string) => new RefError(input, reason);
  if (!input) throw fail('it is empty');
  if (/\s/.test(input)) throw fail('it contains a space');
  if (input.includes('::')) throw fail('"::" is not allowed: write NAME:TAG with one colon');
  const at = input.indexOf('@');
  const namePart = at >= 0 ? input.slice(0, at) : input;
  const digest = at >= 0 ? parseDigest(input.slice(at + 1), fail) : null;
  const slash = namePart.lastIndexOf('/');
  const colon = namePart.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? namePart.slice(0, colon) : namePart;
  const tag = hasTag ? namePart.slice(colon + 1) : null;
  if (tag === '') throw fail('nothing after ":": give a tag (NAME:TAG) or leave the colon out');
  if (tag !== null && !TAG.test(tag)) {
    throw fail(`bad tag "${tag}": up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`);
  }
  if (!name) throw fail('no repository name');
  if (HEX64.test(name)) throw fail('a 64-digit hex string is an image id, not a name');
  if (name.length > NAME_MAX) throw fail(`the repository name is longer than ${NAME_MAX} characters`);
  const { domain, path } = splitDomain(name);
  if (domain !== DOCKER_HUB && !DOMAIN.test(domain)) throw fail(`bad registry host "${domain}"`);
  for (const component of path.split('/')) {
    if (!component) throw fail('empty path component ("//", or "/" at the start or end)');
    if (component !== component.toLowerCase()) {
      throw fail(`repository names must be lowercase (try "${suggestLower(input, name, domain)}")`);
    }
    if (!PATH_COMPONENT.test(component)) {
      throw fail(`bad name component "${component}": lowercase letters and digits, separated by ".", "_", "__" or "-"`);
    }
  }
  return { domain, path, tag, digest };
}

function parseDigest(digest: string, fail: (reason: string) => RefError): string {
  const colon = digest.indexOf(':');
  if (colon <= 0) throw fail('a digest is ALGORITHM:HEX, e.g. sha256: and 64 hex digits');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512') {
    throw fail(`unsupported digest algorithm "${algorithm}" (use sha256)`);
  }
  const want = { sha256: 64, sha384: 96, sha512: 128 }[algorithm];
  if (hex.length !== want || !/^[a-f0-9]*$/.test(hex)) {
    const got = hex.length !== want ? `, this one has ${hex.length} characters` : '';
    throw fail(`a ${algorithm} digest must be ${want} lowercase hex digits${got}`);
  }
  return digest;
}

/** Docker's rule: the first component is a registry host if it has "." or ":", is localhost, or has capitals. */
function splitDomain(name: string): { domain: string; path: string } {
  const i = name.indexOf('/');
  const first = i >= 0 ? name.slice(0, i) : '';
  if (i < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first === first.toLowerCase())) {
    return { domain: DOCKER_HUB, path: i < 0 ? `library/${name}` : name };
  }
  const domain = first === 'index.docker.io' ? DOCKER_HUB : first;
  const path = name.slice(i + 1);
  return { domain, path: domain === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path };
}

/** The input with every path component lowercased (the registry host and the tag as typed). */
function suggestLower(input: string, name: string, domain: string): string {
  // an upper-case first component counts as a host only by its case (`UX/app`): lowercased too
  const host = /[.:]/.test(domain) || domain === 'localhost';
  const head = host && name.toLowerCase().startsWith(`${domain.toLowerCase()}/`) ? name.slice(0, domain.length + 1) : '';
  return `${head}${name.slice(head.length).toLowerCase()}${input.slice(name.length)}`;
}

/** `docker.io/library/busybox` */
export function fullName(r: ImageRef): string {
  return `${r.domain}/${r.path}`;
}

/** The short name docker shows: `busybox`, `user/app`, `127.0.0.1:5000/a/b`. */
export function familiarName(r: ImageRef): string {
  if (r.domain !== DOCKER_HUB) return fullName(r);
  return r.path.startsWith('library/') && r.path.split('/').length === 2 ? r.path.slice('library/'.length) : r.path;
}

/** `busybox` → `busybox:latest` (as the engine lists tags); a digest ref keeps its digest. */
export function familiarRef(r: ImageRef): string {
  return suffix(familiarName(r), withDefaultTag(r));
}

/** `busybox` → `docker.io/library/busybox:latest`. */
export function normalizedRef(r: ImageRef): string {
  return suffix(fullName(r), withDefaultTag(r));
}

/** A reference without tag or digest means `:latest`. */
export function withDefaultTag(r: ImageRef): ImageRef {
  return r.tag === null && r.digest === null ? { ...r, tag: 'latest' } : r;
}

function suffix(name: string, r: ImageRef): string {
  return `${name}${r.tag !== null ? `:${r.tag}` : ''}${r.digest !== null ? `@${r.digest}` : ''}`;
}

export function isDockerHub(domain: string): boolean {
  return domain === DOCKER_HUB || domain === 'index.docker.io' || domain === 'registry-1.docker.io';
}

/** The registry as people name it in messages: `Docker Hub` or `127.0.0.1:5000`. */
export function registryLabel(domain: string): string {
  return isDockerHub(domain) ? 'Docker Hub' : domain;
}

/** `sha256:4d5d…` or a hex id prefix: something the engine resolves as an image id. */
export function looksLikeImageId(s: string): boolean {
  return /^sha256:[a-f0-9]{1,64}$/.test(s) || HEX64.test(s);
}

/** For commands that take an image by reference or by id (rmi, tag SRC). */
export function checkRefOrId(s: string): void {
  if (!looksLikeImageId(s)) parseRef(s);
}

/** A registry as given to login/logout: `host[:port]`, `https://host/…`, or empty for Docker Hub. */
export function parseRegistryHost(input: string): string {
  const host = input.replace(/^https?:\/\//, '').split('/')[0];
  if (!input || isDockerHub(host)) return DOCKER_HUB;
  if (!DOMAIN.test(host)) throw new Error(`bad registry "${input}": give HOST or HOST:PORT, e.g. registry.example.com or 127.0.0.1:5000`);
  return host;
}

/** `127.0.0.1:5000/team/app` → `127.0.0.1:5000`: a first part with a dot, a port, or `localhost` names a registry, as docker reads it. */
export function registryOf(word: string): string | null {
  const slash = word.indexOf('/');
  if (slash <= 0) return null;
  const first = word.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : null;
}
