import { prefixText } from '../../domain/builds/debug-steps.js';
import { firstHeredoc, parseDockerfile, type Dockerfile } from '../../domain/builds/dockerfile.js';
import { runBuild, type BuildOptions } from './build.js';
import { runBuildKit } from './buildkit.js';
import { DEBUG_LABEL } from '../debug/debug-labels.js';
import { removeContainerQuietly } from '../api/containers.js';
import type { Endpoint } from '../../domain/connection/endpoint.js';

export interface LastGood {
  /** The image after the instruction before the failing one (12 hex digits), or null. */
  imageId: string | null;
  /** Why there is none, when imageId is null. */
  why: string | null;
  /** BuildKit made it (labelled imgsh.debug): the caller removes it when done with it. */
  temporary?: boolean;
}

const ALIAS = 'imgsh-last-good';

/**
 * The Dockerfile up to the instruction before `failed`, ending in the failing instruction's
 * stage (named, so the legacy builder stops there), or null when that stage has not begun.
 */
export function lastGoodPrefix(text: string, df: Dockerfile, failed: number, target?: string): { text: string; target?: string } | null {
  const ins = df.instructions[failed];
  if (!ins || failed === 0 || ins.keyword === 'FROM' || ins.stage < 0) return null;
  const prefix = prefixText(text, df, failed - 1);
  const stage = df.stages[ins.stage];
  if (stage.name) return { text: prefix, target: stage.name };
  if (ins.stage === 0 && target === undefined) return { text: prefix };
  // an unnamed later stage: name it, else the builder would build it and every stage before too
  const lines = prefix.split('\n');
  const from = df.instructions.find((i) => i.keyword === 'FROM' && i.stage === ins.stage)!;
  lines[from.endLine - 1] = `${lines[from.endLine - 1].replace(/\s+$/, '')} AS ${ALIAS}`;
  return { text: lines.join('\n'), target: ALIAS };
}

/**
 * BuildKit keeps no per-step images, so after a BuildKit failure the Dockerfile is built up to
 * the instruction before the failing one (instruction index `failed`): its result is the last
 * good layer. The legacy builder builds it (its per-step cache serves the debugger too), unless
 * that part has a heredoc: then BuildKit does, and its image carries `debugLabel` (imgsh.debug)
 * so it is removed with the debugger's other images.
 */
export async function lastGoodByLegacy(endpoint: Endpoint, opts: BuildOptions, dockerfileText: string, failed: number, signal: AbortSignal, onText?: (t: string) => void, debugLabel?: string): Promise<LastGood> {
  const df = parseDockerfile(dockerfileText);
  const heredoc = firstHeredoc(df, failed - 1) !== null;
  const builder = heredoc ? 'BuildKit' : 'the legacy builder';
  onText?.(`imgsh: BuildKit keeps no per-step images: building the steps before line ${df.instructions[failed]?.startLine} with ${builder} for the last good layer\n`);
  const prefix = lastGoodPrefix(dockerfileText, df, failed, opts.target);
  if (!prefix) return { imageId: null, why: 'the failing instruction starts its stage' };
  const labels: Record<string, string> = heredoc && debugLabel ? { [DEBUG_LABEL]: debugLabel } : {};
  const prefixOpts = { ...opts, tags: [], labels, dockerfile: '-', dockerfileText: prefix.text, target: prefix.target };
  const result = await (heredoc ? runBuildKit : runBuild)(endpoint, prefixOpts, { signal, onText });
  const snap = result.snapshot;
  if (snap.failure) {
    const ctr = snap.steps.at(-1)?.containerId;
    if (ctr) await removeContainerQuietly(endpoint, ctr);
    return { imageId: null, why: `${builder} could not build the steps before it (${snap.failure.message.split('\n')[0]})` };
  }
  return { imageId: snap.imageId?.replace(/^sha256:/, '').slice(0, 12) ?? null, why: null, temporary: heredoc };
}
