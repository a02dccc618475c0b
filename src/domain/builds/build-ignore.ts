/** `.dockerignore` rules: patterns in Go's filepath.Match syntax plus `**`, `!` re-includes, last match wins. */

interface Rule {
  re: RegExp;
  exclude: boolean;
}

function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // a pattern matching a directory excludes everything under it
  return new RegExp(`^${re}(/.*)?$`);
}

function clean(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

export class IgnoreRules {
  private readonly rules: Rule[];

  constructor(text: string) {
    this.rules = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => {
        const exclude = !l.startsWith('!');
        const pattern = clean(exclude ? l : l.slice(1).trim());
        return { re: toRegExp(pattern), exclude };
      });
  }

  /** `path` is relative to the context, with `/` separators. */
  ignores(path: string): boolean {
    const p = clean(path);
    let ignored = false;
    for (const r of this.rules) if (r.re.test(p)) ignored = r.exclude;
    return ignored;
  }

  /** Whether some `!` rule could re-include something under an ignored directory. */
  hasExceptions(): boolean {
    return this.rules.some((r) => !r.exclude);
  }
}
