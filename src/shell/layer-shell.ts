import type { ShellRequest } from '../engine/debug/debug-shell.js';
import { shellErrorLine } from '../engine/debug/debug-shell.js';
import type { Engine } from '../engine/types.js';
import { offerFix, type FixTarget } from './fix-prompt.js';

export interface LayerShellResult {
  text: string;
  kind: 'info' | 'error';
  /** The Dockerfile was changed from what ran in the shell: the caller rebuilds. */
  fixed?: boolean;
  /** The shell's container, kept (ShellRequest.keep) for `:commit`. */
  kept?: string;
}

/**
 * A shell in a layer on this terminal (whoever calls has handed it over); with `fix` (a shell in
 * a failed build's last good layer), what the user ran there is offered as a change to the
 * Dockerfile. Resolves with one line for the caller to show; never throws.
 */
export async function shellInLayer(engine: Engine, req: ShellRequest, fix?: FixTarget): Promise<LayerShellResult> {
  try {
    const { code, commands, container } = await engine.shell(req);
    const after = container ? 'its container is kept (:commit NAME makes it an image)' : 'its container is removed';
    const ended = `shell in ${req.image} ended (exit ${code}); ${after}`;
    const kept = container ? { kept: container } : {};
    if (!fix) return { text: ended, kind: 'info', ...kept };
    if (commands.length) process.stdout.write(`${ended}\n`);
    const fixed = await offerFix(process.stdin, process.stdout, fix, commands);
    return { text: fixed ? `${fix.dockerfilePath} changed: rebuilding` : ended, kind: 'info', fixed, ...kept };
  } catch (e) {
    return { text: shellErrorLine(e), kind: 'error' };
  }
}
