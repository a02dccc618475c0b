import { formatInstant, parseUntil, type Instant } from '../text/duration.js';

/** `prune --filter …` values, parsed; `until` stays text until the engine's clock is known. */
export interface PruneFilterSpec {
  until?: string;
  /** `label=K` / `label=K=V`: every one must match. */
  labels: string[];
  /** `label!=K` / `label!=K=V`: the engine drops an image only when it matches all of them. */
  notLabels: string[];
}

/** The rules as the engine applies them: `until` made absolute. */
export interface PruneRules {
  /** `-a`: every image not used by a container, not only dangling ones. */
  all: boolean;
  until?: Instant;
  labels: string[];
  notLabels: string[];
}

const HINT = 'use until=DURATION, label=K[=V] or label!=K[=V]';

/** Throws with a message for the usage line. */
export function parsePruneFilters(values: readonly string[]): PruneFilterSpec {
  const spec: PruneFilterSpec = { labels: [], notLabels: [] };
  for (const text of values) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new Error(`bad filter "${text}": ${HINT}`);
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    if (key === 'until') {
      if (spec.until !== undefined) throw new Error('give at most one until filter');
      parseUntil(value, Date.now()); // only to reject bad syntax before anything is asked of the engine
      spec.until = value;
    } else if (key === 'label' || key === 'label!') {
      if (!value) throw new Error(`bad filter "${text}": ${key}= needs a key, e.g. ${key}=com.example.team`);
      const list = key === 'label' ? spec.labels : spec.notLabels;
      if (!list.includes(value)) list.push(value); // the engine keeps them as a set
    } else {
      throw new Error(`unknown prune filter "${key}": ${HINT}`);
    }
  }
  return spec;
}

export function pruneRules(spec: PruneFilterSpec, all: boolean, engineNowMs: number): PruneRules {
  const rules: PruneRules = { all, labels: spec.labels, notLabels: spec.notLabels };
  if (spec.until !== undefined) rules.until = parseUntil(spec.until, engineNowMs);
  return rules;
}

/** The engine's `filters` query: `until` sent as an absolute instant, so preview and prune agree. */
export function engineFilters(rules: PruneRules): Record<string, string[]> {
  const out: Record<string, string[]> = { dangling: [rules.all ? 'false' : 'true'] };
  if (rules.labels.length) out.label = rules.labels;
  if (rules.notLabels.length) out['label!'] = rules.notLabels;
  if (rules.until) out.until = [formatInstant(rules.until)];
  return out;
}

/** Docker's `filters.Args.MatchKVList`: all given `K` / `K=V` are present. */
function matchAll(filters: readonly string[], labels: Record<string, string>): boolean {
  if (filters.length === 0) return true;
  if (Object.keys(labels).length === 0) return false;
  return filters.every((f) => {
    const eq = f.indexOf('=');
    const key = eq < 0 ? f : f.slice(0, eq);
    if (!Object.hasOwn(labels, key)) return false;
    return eq < 0 || labels[key] === f.slice(eq + 1);
  });
}

/**
 * The engine's label test for prune. `labels` null means the image has no config at all,
 * which the engine lets through every label filter.
 */
export function matchesLabels(rules: Pick<PruneRules, 'labels' | 'notLabels'>, labels: Record<string, string> | null): boolean {
  if (labels === null) return true;
  if (!matchAll(rules.labels, labels)) return false;
  return !(rules.notLabels.length > 0 && matchAll(rules.notLabels, labels));
}
