/** The `:` line keeps 1,000 distinct lines; every other prompt 100. */
export const HISTORY_LIMITS = { command: 1000, other: 100 } as const;

/** The prompts with a history: the `:` line, `/` search, the Layers filter, the Build log search. */
export const PROMPT_KINDS = ['command', 'search', 'filter', 'logSearch'] as const;

export function historyLimit(kind: string): number {
  return kind === 'command' ? HISTORY_LIMITS.command : HISTORY_LIMITS.other;
}

// A key name with one of these inside is a secret's name: NPM_TOKEN=…, --api-key …, DB_PASSWORD=….
// `app:token-refresh` is not: only the key of `KEY=VALUE` or `--key VALUE` counts.
const SECRET_WORD = '(?:pass(?:word|wd)?|secret|token|api[-_]?key|auth|credentials?)';
const SECRETS: RegExp[] = [
  // -p X, --password X, --password=X anywhere (imgsh has no other -p); -pX glued on a login line
  /(?:^|\s)(?:-p|--password)(?:=|\s+)(?!-)\S/,
  /\blogin\b.*\s-p[^\s=-]/,
  new RegExp(`\\b[\\w.-]*${SECRET_WORD}[\\w.-]*=\\S`, 'i'),
  // --password-stdin and the like name where a secret comes from, not the secret
  new RegExp(`--(?![\\w-]*-stdin\\b)[\\w-]*${SECRET_WORD}[\\w-]*(?:=|\\s+)(?!-)\\S`, 'i'),
  // scheme://user:password@host (a scheme is needed: `app:1.0@sha256:…` is a digest reference)
  /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i,
  /\bauthorization:|\bbearer\s+\S/i,
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|\bgithub_pat_\w{20,}/,
  /\bglpat-[\w-]{20,}/,
  /\bxox[abpr]-[\w-]{10,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/,
  /\bdckr_pat_[\w-]{20,}/,
  /\bnpm_[A-Za-z0-9]{36}\b/,
];

/** Lines that look like they carry a password or token are never kept. Image references and digests are not secrets. */
export function looksSecret(line: string): boolean {
  return SECRETS.some((re) => re.test(line));
}

/**
 * Appends a line (trailing space trimmed): not when empty, when it starts with a space (bash's
 * ignorespace) or looks secret; an equal older entry goes (distinct lines, newest last); the
 * oldest go beyond `limit`. The same array when nothing changed.
 */
export function remember(list: readonly string[], line: string, limit: number): readonly string[] {
  const text = line.trimEnd();
  if (!text || /^\s/.test(text) || looksSecret(text)) return list;
  if (list[list.length - 1] === text) return list;
  const next = [...list.filter((l) => l !== text), text];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/**
 * ↑/↓ as readline's history-search-backward/forward: the next entry older (-1) or newer (+1)
 * than `from` (null: not walking yet, just past the newest) that starts with `prefix` and is not
 * `skip` (the line shown, so a key never shows the same text twice). Null when there is none.
 */
export function walkHistory(list: readonly string[], prefix: string, from: number | null, delta: -1 | 1, skip?: string): number | null {
  let i = from ?? list.length;
  for (i += delta; i >= 0 && i < list.length; i += delta) {
    if (list[i].startsWith(prefix) && list[i] !== skip) return i;
  }
  return null;
}

/** Ctrl-R: the newest entry older than `from` (null: from the newest) that contains `query`. */
export function searchHistory(list: readonly string[], query: string, from: number | null): number | null {
  if (!query) return null;
  for (let i = (from ?? list.length) - 1; i >= 0; i--) if (list[i].includes(query)) return i;
  return null;
}

/** Two imgsh share the file: its lines, then this process's new ones appended with `remember`. */
export function mergeHistory(disk: readonly string[], added: readonly string[], limit: number): readonly string[] {
  return added.reduce((list, line) => remember(list, line, limit), disk.length > limit ? disk.slice(disk.length - limit) : disk);
}
