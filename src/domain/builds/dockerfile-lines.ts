// Which Dockerfile line made each layer of an image (issue #13: waste and advice name the line
// that wrote a file and the one that removed it). The final stage's RUN, COPY and ADD steps made
// the image's last layers, in order; a RUN's text must be the layer's own instruction.
import type { Dockerfile } from './dockerfile.js';

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Each layer's line from the final stage's steps (`instruction`: keyword and arguments), or
 * null when they do not line up (another image, or a RUN whose text is not the layer's).
 * `instructions`: each layer's cleaned history instruction, bottom first.
 */
export function linesOfSteps(steps: readonly { instruction: string; line: number | null }[], instructions: readonly string[]): (number | null)[] | null {
  const made = steps.filter((s) => LAYER_KEYWORDS.has(s.instruction.split(' ')[0]));
  const first = instructions.length - made.length;
  if (first < 0) return null;
  const lines: (number | null)[] = instructions.map(() => null);
  for (const [k, step] of made.entries()) {
    const own = instructions[first + k];
    if (step.instruction.startsWith('RUN ') && squash(own) !== squash(step.instruction)) return null;
    lines[first + k] = step.line;
  }
  return lines;
}

/** The same from a Dockerfile (the one an image's `imgsh.dockerfile` label names): its last stage made the image. */
export function dockerfileLayerLines(df: Dockerfile, instructions: readonly string[]): (number | null)[] | null {
  const last = df.stages.length - 1;
  if (last < 0) return null;
  return linesOfSteps(df.instructions.filter((i) => i.stage === last).map((i) => ({ instruction: `${i.keyword} ${i.args}`, line: i.startLine })), instructions);
}
