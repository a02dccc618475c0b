import type { CommandDecl, Completion } from './command.js';
import { pathCandidates } from './complete-path.js';
import { COMMON_OPTIONS } from './parse-args.js';
import type { Registry } from './registry.js';
import type { CompletionResult } from './services.js';

/** Where candidates come from: the engine's references, and registries' repositories looked up so far. */
export interface CompletionSources {
  imageRefs(): string[];
  /** Repositories of the registry named in `word` (`127.0.0.1:5000/…`) known so far; may start a lookup for the next Tab. */
  remoteRefs?(word: string): string[];
}

/** Completes the last word of a `:` line: command names, option names and values, references, paths. */
export function complete(registry: Registry, line: string, from: CompletionSources | (() => string[])): CompletionResult {
  const sources = typeof from === 'function' ? { imageRefs: from } : from;
  const endsWithSpace = /\s$/.test(line);
  const words = line.trim() ? line.trim().split(/\s+/) : [];
  const current = endsWithSpace ? '' : (words.pop() ?? '');
  let pool: string[];
  if (words.length === 0) {
    pool = registry.names();
  } else {
    const cmd = registry.find(words[0]);
    if (!cmd) return { candidates: [], line };
    const valueOf = optionTaking(cmd, words[words.length - 1]);
    if (valueOf) pool = valueOf.choices ? [...valueOf.choices] : fromSource(valueOf.complete, [], current, sources, registry);
    else pool = current.startsWith('-') ? optionNames(cmd) : argPool(cmd, words.slice(1), current, sources, registry);
  }
  const candidates = [...new Set(pool.filter((p) => p.startsWith(current)))].sort();
  if (candidates.length === 0) return { candidates, line };
  const prefix = commonPrefix(candidates);
  // a folder is not a finished word: the next Tab goes into it
  const done = candidates.length === 1 && !candidates[0].endsWith('/') ? `${candidates[0]} ` : candidates.length === 1 ? candidates[0] : prefix;
  const head = line.slice(0, line.length - current.length);
  return { candidates, line: head + done };
}

function optionNames(cmd: CommandDecl): string[] {
  return [...cmd.options, ...COMMON_OPTIONS].map((o) => `--${o.name}`);
}

/** The string option whose value the next word is (`-o` in `save -o `), if any. */
function optionTaking(cmd: CommandDecl, previous: string | undefined) {
  if (!previous?.startsWith('-') || previous.includes('=')) return null;
  const opt = [...cmd.options, ...COMMON_OPTIONS].find((o) => `--${o.name}` === previous || (o.short && `-${o.short}` === previous));
  return opt?.type === 'string' ? opt : null;
}

function fromSource(source: Completion | undefined, before: string[], current: string, sources: CompletionSources, registry: Registry): string[] {
  if (typeof source === 'function') return source(before);
  if (source === 'image') return sources.imageRefs();
  if (source === 'remote') return [...sources.imageRefs(), ...(sources.remoteRefs?.(current) ?? [])];
  if (source === 'path') return pathCandidates(current);
  if (source === 'command') return registry.names();
  return [];
}

function argPool(cmd: CommandDecl, before: string[], current: string, sources: CompletionSources, registry: Registry): string[] {
  // Position among positional words so far; option values are skipped.
  let position = 0;
  for (let i = 0; i < before.length; i++) {
    const w = before[i];
    if (w.startsWith('-')) {
      const opt = cmd.options.find((o) => `--${o.name}` === w || `-${o.short}` === w);
      if (opt?.type === 'string' && !w.includes('=')) i++;
      continue;
    }
    position++;
  }
  const decl = cmd.args[Math.min(position, cmd.args.length - 1)];
  if (!decl || (position >= cmd.args.length && !decl.variadic)) return [];
  const positional = before.filter((w) => !w.startsWith('-'));
  return fromSource(decl.complete, positional, current, sources, registry);
}

function commonPrefix(words: string[]): string {
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
