import { failedStep, lastGoodImage, type BuildSnapshot } from './build-steps.js';
import { instructionForStep, parseDockerfile, runCommand, stageLabel } from './dockerfile.js';

/** Where and how a build failed, in the Dockerfile's terms. */
export interface FailureReport {
  stepNumber: number | null;
  total: number;
  instruction: string;
  line: number | null;
  stage: string | null;
  exitCode: number | null;
  message: string;
  /** The command a shell can retry, for a failed RUN. */
  failedCmd: string | null;
  lastGoodId: string | null;
  /** Why there is no last good layer, when it is not simply that no step succeeded. */
  lastGoodWhy?: string | null;
  /** The failed step's container, kept by the builder. */
  failedContainer: string | null;
}

export function failureReport(snap: BuildSnapshot, dockerfileText: string, target?: string): FailureReport | null {
  if (!snap.failure) return null;
  const step = failedStep(snap);
  const df = parseDockerfile(dockerfileText);
  const ins = step ? instructionForStep(df, step.number, target) : null;
  const text = ins ? `${ins.keyword} ${ins.args}` : (step?.instruction ?? '');
  return {
    stepNumber: step?.number ?? null,
    total: snap.total,
    instruction: text,
    line: ins?.startLine ?? null,
    stage: ins ? stageLabel(df, ins.stage) : null,
    exitCode: snap.failure.exitCode,
    message: readableBuildError(snap.failure.message, df),
    failedCmd: ins ? runCommand(ins) : null,
    lastGoodId: lastGoodImage(snap),
    failedContainer: step?.containerId ?? null,
  };
}

/** Quotes a word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The exact command that opens a shell in `image`. */
export function shellCommand(image: string, failedCmd: string | null): string {
  return `imgsh shell ${image}${failedCmd ? ` --failed-cmd ${shellQuote(failedCmd)}` : ''}`;
}

/** The lines a one-shot build prints on failure. */
export function failureLines(r: FailureReport, failedStateId: string | null): string[] {
  const where = [r.line !== null ? `line ${r.line}` : null, r.stage].filter(Boolean).join(', ');
  const step = r.stepNumber !== null ? `step ${r.stepNumber}/${r.total}` : 'the build';
  const lines = [r.instruction ? `build failed at ${step}${where ? ` (${where})` : ''}: ${r.instruction}` : 'build failed before any step ran'];
  lines.push(r.exitCode !== null ? `  exit code ${r.exitCode}: ${r.message}` : `  ${r.message}`);
  if (r.lastGoodId) lines.push(`  last good layer ${r.lastGoodId}: ${shellCommand(r.lastGoodId, r.failedCmd)}`);
  else lines.push(`  ${r.lastGoodWhy ?? 'no step succeeded'}: there is no layer to open a shell in`);
  if (failedStateId) lines.push(`  failed state ${failedStateId.replace(/^sha256:/, '').slice(0, 12)}: ${shellCommand(failedStateId.replace(/^sha256:/, '').slice(0, 12), r.failedCmd)}`);
  return lines;
}

/**
 * The engine's words for a base image it could not fetch (`Get "https://registry-1.docker.io/v2/":
 * dial tcp: lookup …: no such host`) as one line that names the image and what to do; any other
 * message as it is.
 */
export function readableBuildError(message: string, df: { instructions: { keyword: string; args: string; startLine: number }[] }): string {
  const m = /(?:Get|Head) "https?:\/\/([^/"]+)\/v2\/[^"]*": (?:dial tcp|net\/http|.*?(no such host|connection refused|i\/o timeout|TLS handshake timeout))/.exec(message);
  if (!m) return message;
  const cause = /no such host|connection refused|i\/o timeout|TLS handshake timeout|network is unreachable/.exec(message)?.[0] ?? 'unreachable';
  const froms = df.instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args.split(/\s+/).find((w) => !w.startsWith('--')) ?? i.args);
  const image = froms.find((f) => message.includes(f.split(':')[0])) ?? froms[0] ?? 'the base image';
  return `the base image ${image} is not on this engine and its registry ${m[1]} cannot be reached (${cause}): pull or load it first (imgsh pull, imgsh load), or build FROM an image you have`;
}
