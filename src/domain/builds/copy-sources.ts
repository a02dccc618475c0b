// The context paths a COPY or ADD takes (issue #13: a build record keeps their sizes and
// digests, to say which file made the cache miss). None for `--from` (another stage or image),
// URLs and heredocs: those are not files of the context.
import type { Instruction } from './dockerfile.js';

export function copySources(ins: Pick<Instruction, 'keyword' | 'args' | 'heredoc'>): string[] | null {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.heredoc) return null;
  let rest = ins.args.trim();
  for (;;) {
    const flag = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest);
    if (!flag) break;
    if (flag[1] === 'from') return null;
    rest = rest.slice(flag[0].length);
  }
  let words: string[];
  if (rest.startsWith('[')) {
    try {
      words = (JSON.parse(rest) as unknown[]).map(String);
    } catch {
      words = rest.split(/\s+/);
    }
  } else words = rest.split(/\s+/);
  const sources = words.slice(0, -1).filter((w) => w && !/^[a-z][\w+.-]*:\/\//i.test(w));
  return sources.length > 0 ? sources : null;
}
