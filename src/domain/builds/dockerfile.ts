/** A Dockerfile read as the legacy builder counts it: instructions with line ranges and stages. */

export interface Instruction {
  /** Upper-case keyword: RUN, COPY, FROM… */
  keyword: string;
  /** The arguments as written, continuations joined, comment lines inside them dropped. */
  args: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Index of the stage (FROM) it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
  /** It carries heredocs (`RUN <<EOF`): only BuildKit reads those. */
  heredoc?: boolean;
}

export interface Stage {
  index: number;
  /** `AS name`, or null. */
  name: string | null;
  line: number;
}

export interface Dockerfile {
  instructions: Instruction[];
  stages: Stage[];
}

const DIRECTIVE = /^#\s*([a-zA-Z]+)\s*=\s*(.+?)\s*$/;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` */
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/g;

/** The line-continuation character: `\\`, or what a `# escape=` directive at the top says. */
export function escapeChar(lines: string[]): string {
  let escape = '\\';
  for (const line of lines) {
    const m = DIRECTIVE.exec(line);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape') escape = m[2];
  }
  return escape;
}

/**
 * Parses instructions: the escape directive (`# escape=\``), continuations with comment lines
 * between them, ARGs before the first FROM (stage -1), and heredocs (their bodies are part of
 * the instruction's lines and arguments).
 */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  const escape = escapeChar(lines);
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i].trim();
    if (first === '' || first.startsWith('#')) {
      i++;
      continue;
    }
    const start = i;
    let joined = '';
    let current = lines[i];
    for (;;) {
      const trimmed = current.replace(/\s+$/, '');
      if (trimmed.endsWith(escape) && i + 1 < lines.length) {
        joined += trimmed.slice(0, -escape.length);
        i++;
        // comment and blank lines inside a continuation are skipped, as Docker does
        while (i < lines.length && /^\s*(#.*)?$/.test(lines[i]) && i + 1 < lines.length) i++;
        current = lines[i];
        continue;
      }
      joined += trimmed;
      break;
    }
    const m = /^\s*(\S+)\s*(.*)$/s.exec(joined)!;
    const keyword = m[1].toUpperCase();
    let args = m[2];
    if (HEREDOC_KEYWORDS.has(keyword)) {
      // `RUN <<EOF` … `EOF`: the bodies belong to the instruction (BuildKit's Dockerfile 1.4 syntax)
      const bodies: string[] = [];
      for (const [, dash, , word] of args.matchAll(HEREDOC)) {
        const body: string[] = [];
        while (i + 1 < lines.length) {
          const line = lines[++i];
          if ((dash ? line.replace(/^\t+/, '') : line) === word) break;
          body.push(line);
        }
        bodies.push(body.join('\n'));
      }
      if (bodies.length) args = [args.trim(), ...bodies].join('\n');
    }
    if (keyword === 'FROM') {
      const as = /\s+as\s+(\S+)\s*$/i.exec(args);
      stages.push({ index: stages.length, name: as ? as[1] : null, line: start + 1 });
    }
    const heredoc = HEREDOC_KEYWORDS.has(keyword) && args.includes('\n');
    instructions.push({ keyword, args: args.trim(), startLine: start + 1, endLine: i + 1, stage: stages.length - 1, ...(heredoc ? { heredoc } : {}) });
    i++;
  }
  return { instructions, stages };
}

/** The first instruction (up to index `upto`) with a heredoc, which the legacy builder cannot read. */
export function firstHeredoc(df: Dockerfile, upto = Infinity): Instruction | null {
  return df.instructions.find((ins, i) => i <= upto && ins.heredoc) ?? null;
}

/** The stage index `--target` names, or null when there is no such stage. */
export function targetStage(df: Dockerfile, target: string): number | null {
  const hit = df.stages.find((s) => s.name?.toLowerCase() === target.toLowerCase());
  return hit ? hit.index : null;
}

/**
 * The instruction behind the legacy builder's "Step N/M": the Nth instruction (ARGs before the
 * first FROM count), or null for the hidden LABEL step that `--label` adds at the end.
 */
export function instructionForStep(df: Dockerfile, step: number, target?: string): Instruction | null {
  const last = target === undefined ? Infinity : (targetStage(df, target) ?? Infinity);
  const counted = df.instructions.filter((ins) => ins.stage <= last);
  return counted[step - 1] ?? null;
}

/** For each step the builder counts (step N at index N−1): its stage's name, or its index. */
export function stepStages(df: Dockerfile, target?: string): string[] {
  const last = target === undefined ? Infinity : (targetStage(df, target) ?? Infinity);
  return df.instructions.filter((ins) => ins.stage <= last).map((ins) => df.stages[ins.stage]?.name ?? String(Math.max(0, ins.stage)));
}

/** `stage 1 (build)` or `stage 0`: how a stage is named to the user. */
export function stageLabel(df: Dockerfile, index: number): string {
  if (index < 0) return 'before FROM';
  const s = df.stages[index];
  return s?.name ? `stage ${index} (${s.name})` : `stage ${index}`;
}

/** The command a RUN runs, as the shell would be given it: JSON form joined by spaces. */
export function runCommand(ins: Pick<Instruction, 'keyword' | 'args'>): string | null {
  if (ins.keyword !== 'RUN') return null;
  let args = ins.args.replace(/^(--\S+\s+)+/, ''); // RUN --mount=… flags
  if (args.startsWith('[')) {
    try {
      const parts = JSON.parse(args) as unknown;
      if (Array.isArray(parts)) args = parts.map(String).join(' ');
    } catch {
      // not valid JSON: Docker runs it in shell form too
    }
  }
  return args;
}
