import type { CommandDecl } from './command.js';

export class Registry {
  private readonly byName = new Map<string, CommandDecl>();

  constructor(readonly commands: readonly CommandDecl[]) {
    for (const c of commands) {
      for (const n of [c.name, ...(c.aliases ?? [])]) {
        if (this.byName.has(n)) throw new Error(`command name "${n}" declared twice`);
        this.byName.set(n, c);
      }
    }
  }

  find(name: string): CommandDecl | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** The known name closest to a mistyped one, if any is close enough to be a likely typo. */
  closest(name: string): string | null {
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const n of this.byName.keys()) {
      const d = n.startsWith(name) ? 0.5 : editDistance(name, n);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
  }
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
