// What pull and push share outside the app, as docker has them: its checks before anything is
// sent, the status lines it prints (`Using default tag: latest` first when it adds the tag), and
// a failure that keeps the lines printed before it.
import { namedRefError } from '../domain/images/docker-ref-errors.js';
import type { ImageRef } from '../domain/images/ref.js';
import { dockerStatusLine } from '../domain/registry/docker-status.js';
import type { ProgressEvent } from '../domain/registry/layer-progress.js';
import { RegistryError } from '../engine/transport/op-errors.js';
import { CommandError, type CommandContext, type OptionValues } from './command.js';

/** docker's refusals before anything is sent: its reference parser's, and content trust asked for. */
export function dockerTransferChecks(ctx: CommandContext, text: string, options: OptionValues): void {
  if (ctx.mode !== 'app') {
    const bad = namedRefError(text);
    if (bad) throw new CommandError(bad);
  }
  if (options['disable-content-trust'] === false) throw new CommandError('imgsh does not verify image signatures (content trust): use docker for --disable-content-trust=false');
}

/**
 * The lines docker prints on stdout while it transfers, gathered from the engine's events.
 * `lead`: what it prints before anything else, -q or not (push --platform's note).
 */
export function statusLines(ref: ImageRef, allTags: boolean, quiet: boolean, lead: readonly string[] = []) {
  // docker's first line when it adds the tag (its stdout, even when the command then fails)
  const lines: string[] = [...lead, ...(allTags || ref.tag || ref.digest || quiet ? [] : ['Using default tag: latest'])];
  return {
    lines,
    onEvent(e: ProgressEvent) {
      const line = dockerStatusLine(e);
      if (line !== null) lines.push(line);
    },
    /**
     * A failed transfer outside the app: the lines printed before it stay on stdout (with -q
     * only the lead); the failure itself is imgsh's one line that says what to do (see README).
     */
    failed(e: unknown, ctx: CommandContext): unknown {
      if (ctx.mode === 'app' || !(e instanceof RegistryError)) return e;
      return new CommandError(e.message, { text: (quiet ? lead : lines).join('\n') });
    },
  };
}
