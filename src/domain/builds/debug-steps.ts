import type { Dockerfile } from './dockerfile.js';

/**
 * The step-through debugger's plan: the Dockerfile is built in prefixes with the legacy builder
 * (the cache makes the earlier steps instant); `next` is the index of the instruction execution
 * is paused before. ARGs before the first FROM run with that FROM (alone they build nothing).
 */

/** The index of the instruction covering `line` (or the first after it); null past the end. */
export function instructionAt(df: Dockerfile, line: number): number | null {
  const i = df.instructions.findIndex((ins) => ins.endLine >= line);
  return i < 0 ? null : i;
}

/** The last index a run up to (and including) `upto` must reach: a leading ARG pulls in the first FROM. */
export function runEnd(df: Dockerfile, upto: number): number {
  let i = upto;
  while (i < df.instructions.length - 1 && df.instructions[i].stage < 0) i++;
  return i;
}

/** Where `c` stops: before the first breakpoint after `next`, else past the end. */
export function continueStop(df: Dockerfile, next: number, breakLines: number[]): number {
  for (let i = next + 1; i < df.instructions.length; i++) {
    const ins = df.instructions[i];
    if (breakLines.some((l) => l >= ins.startLine && l <= ins.endLine)) return i;
  }
  return df.instructions.length;
}

/** The Dockerfile up to the end of instruction `upto` (the escape directive and comments kept). */
export function prefixText(text: string, df: Dockerfile, upto: number): string {
  return `${text.split('\n').slice(0, df.instructions[upto].endLine).join('\n')}\n`;
}
