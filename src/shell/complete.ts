import type { CommandDecl } from './command.js';
import { COMMON_OPTIONS } from './parse-args.js';
import type { Registry } from './registry.js';
import type { CompletionResult } from './services.js';

/** Completes the last word of a `:` line: command names, option names, image references. */
export function complete(registry: Registry, line: string, imageRefs: () => string[]): CompletionResult {
  const endsWithSpace = /\s$/.test(line);
  const words = line.trim() ? line.trim().split(/\s+/) : [];
  const current = endsWithSpace ? '' : (words.pop() ?? '');
  let pool: string[];
  if (words.length === 0) {
    pool = registry.names();
  } else {
    const cmd = registry.find(words[0]);
    if (!cmd) return { candidates: [], line };
    pool = current.startsWith('-') ? optionNames(cmd) : argPool(cmd, words.slice(1), imageRefs, registry);
  }
  const candidates = [...new Set(pool.filter((p) => p.startsWith(current)))].sort();
  if (candidates.length === 0) return { candidates, line };
  const prefix = commonPrefix(candidates);
  const done = candidates.length === 1 ? `${candidates[0]} ` : prefix;
  const head = line.slice(0, line.length - current.length);
  return { candidates, line: head + done };
}

function optionNames(cmd: CommandDecl): string[] {
  return [...cmd.options, ...COMMON_OPTIONS].map((o) => `--${o.name}`);
}

function argPool(cmd: CommandDecl, before: string[], imageRefs: () => string[], registry: Registry): string[] {
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
  if (typeof decl.complete === 'function') return decl.complete(before.filter((w) => !w.startsWith('-')));
  if (decl.complete === 'image') return imageRefs();
  if (decl.complete === 'command') return registry.names();
  return [];
}

function commonPrefix(words: string[]): string {
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
