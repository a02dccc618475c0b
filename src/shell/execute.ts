import { EngineApiError, EngineUnreachableError } from '../engine/transport/errors.js';
import { CommandError, UsageError, type CommandContext, type CommandDecl, type CommandOutput } from './command.js';
import { parseArgs, usageLine } from './parse-args.js';
import type { Registry } from './registry.js';
import { helpFor } from './help-text.js';
import { fromDockerForm } from './docker-forms.js';

export type ExitCode = 0 | 1 | 2 | 64 | 125;

export interface Outcome {
  code: ExitCode;
  /** What to print on success, already rendered (text or JSON). */
  stdout: string;
  /** One line (two for usage errors) on failure. */
  stderr: string;
  /** stdout is printed as it is, with no line end added. */
  exact?: boolean;
}

/** Runs one command given as words; never throws. */
export async function execute(
  registry: Registry,
  words: readonly string[],
  ctx: Omit<CommandContext, 'json'>,
): Promise<Outcome> {
  const docker = fromDockerForm(words);
  const [name, ...rest] = docker;
  const shownAs = docker === words ? name : `${words[0]} ${words[1]}`;
  const cmd = registry.find(name);
  if (!cmd) {
    const near = registry.closest(name);
    const hint = near ? `did you mean "${near}"?` : 'see `imgsh help` for the list';
    return { code: 2, stdout: '', stderr: `imgsh: unknown command "${name}": ${hint}` };
  }
  if (cmd.appOnly && ctx.mode !== 'app') {
    return { code: 2, stdout: '', stderr: `imgsh: "${cmd.name}" works only inside the app (run imgsh on a terminal)` };
  }
  let json = false;
  try {
    const input = parseArgs(cmd, rest, shownAs);
    if (input.options.help) return { code: 0, stdout: helpFor(cmd), stderr: '' };
    json = input.options.json === true || (!cmd.dockerForm && input.options.format === 'json');
    // JSON output is for programs: no progress drawn around it.
    const output = await cmd.run({ ...ctx, json, progress: json ? () => {} : ctx.progress }, input);
    return { code: 0, stdout: render(output ?? {}, json), stderr: output?.warning ?? '', exact: output?.exact === true && !json };
  } catch (e) {
    const outcome = failure(e, cmd, ctx.mode);
    if (e instanceof CommandError && e.output) {
      outcome.stdout = render(e.output, json);
      if (e.output.warning) outcome.stderr = `${e.output.warning}\n${outcome.stderr}`;
    }
    return outcome;
  }
}

function render(output: CommandOutput, json: boolean): string {
  if (json && output.json !== undefined) return JSON.stringify(output.json, null, 2);
  return output.text ?? (output.json !== undefined ? JSON.stringify(output.json, null, 2) : '');
}

export function failure(e: unknown, cmd?: CommandDecl, mode?: CommandContext['mode']): Outcome {
  if (e instanceof UsageError) {
    const c = e.command ?? cmd;
    return { code: e.exitCode, stdout: '', stderr: `imgsh: ${e.message}${c ? `\nusage: ${usageLine(c)}` : ''}` };
  }
  // docker's words for what the engine refused; the app keeps imgsh's explanation
  const said = cmd?.dockerForm && mode !== 'app' && e instanceof EngineApiError ? e.said : undefined;
  if (said) return { code: 1, stdout: '', stderr: `imgsh: Error response from daemon: ${said}` };
  if (e instanceof CommandError || e instanceof EngineUnreachableError || e instanceof EngineApiError) {
    return { code: e instanceof CommandError ? e.exitCode : 1, stdout: '', stderr: `imgsh: ${e.message}` };
  }
  const message = e instanceof Error ? e.message : String(e);
  if (process.env.IMGSH_DEBUG && e instanceof Error) console.error(e.stack);
  return { code: 1, stdout: '', stderr: `imgsh: ${firstLine(message)}` };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
