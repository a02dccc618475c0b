/**
 * What docker's reference parser (distribution/reference) says about a reference it refuses, in
 * its words: `docker tag` checks both names this way before it asks the engine. imgsh's own parser
 * (ref.ts) says more about what to type instead; these are for the docker forms.
 */
const ALNUM = '[a-z0-9]+';
const PATH_COMPONENT = `${ALNUM}(?:(?:[._]|__|[-]+)${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const NAME = `(?:${HOST}(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const DIGEST_ONLY = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** reference.Parse's refusal, or null. */
function parseError(s: string): string | null {
  const m = REFERENCE.exec(s);
  if (!m) {
    if (s === '') return 'repository name must have at least one component';
    if (REFERENCE.test(s.toLowerCase())) return 'repository name must be lowercase';
    return 'invalid reference format';
  }
  if (m[1].length > NAME_TOTAL_LENGTH_MAX) return `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`;
  return null;
}

/** Docker Hub's implicit parts: `busybox` is docker.io/library/busybox. */
function splitDockerDomain(s: string): [string, string] {
  const i = s.indexOf('/');
  const first = i < 0 ? '' : s.slice(0, i);
  let [domain, remainder] = i < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first) ? ['docker.io', s] : [first, s.slice(i + 1)];
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/** reference.ParseNormalizedNamed's refusal, or null. */
export function namedRefError(s: string): string | null {
  // docker would echo a control character into its message; one line is kept instead
  if (/[\x00-\x1f\x7f]/.test(s)) return 'invalid reference format';
  if (IDENTIFIER.test(s)) return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  return parseError(`${domain}/${remainder}`);
}

/** reference.ParseAnyReference's refusal (an id or a digest is fine too), or null. */
export function anyRefError(s: string): string | null {
  if (IDENTIFIER.test(s) || DIGEST_ONLY.test(s)) return null;
  return namedRefError(s);
}

/** Whether the reference carries a digest (`name@sha256:…`). */
export function hasDigest(s: string): boolean {
  return REFERENCE.exec(s)?.[3] !== undefined;
}
