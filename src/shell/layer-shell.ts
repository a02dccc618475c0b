import type { ShellRequest } from '../engine/debug/debug-shell.js';
import { shellErrorLine } from '../engine/debug/debug-shell.js';
import type { Engine } from '../engine/types.js';
import { offerFix, type FixTarget } from './fix-prompt.js';

export interface LayerShellResult {
  text: string;
  kind: 'info' | 'error';
  /** The Dockerfile was changed from what ran in the shell: the caller rebuilds. */
  fixed?: boolean;
}

/**
 * A shell in a layer on this terminal (whoever calls has handed it over); with `fix` (a shell in
 * a failed build's last good layer), what the user ran there is offered as a change to the
 * Dockerfile. Resolves with one line for the caller to show; never throws.
 */
export async function shellInLayer(engine: Engine, req: ShellRequest, fix?: FixTarget): Promise<LayerShellResult> {
  try {
    const { code, commands } = await engine.shell(req);
    const ended = `shell in ${req.image} ended (exit ${code}); its container is removed`;
    if (!fix) return { text: ended, kind: 'info' };
    if (commands.length) process.stdout.write(`${ended}\n`);
    const fixed = await offerFix(process.stdin, process.stdout, fix, commands);
    return { text: fixed ? `${fix.dockerfilePath} changed: rebuilding` : ended, kind: 'info', fixed };
  } catch (e) {
    return { text: shellErrorLine(e), kind: 'error' };
  }
}
