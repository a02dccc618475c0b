import type { Endpoint } from '../domain/endpoint.js';
import { runShell, shellErrorLine, type ShellRequest } from '../engine/debug-shell.js';
import { offerFix, type FixTarget } from '../shell/fix-prompt.js';
import { suspendApp } from './run-app.js';

export interface HandoverResult {
  text: string;
  kind: 'info' | 'error';
  /** The Dockerfile was changed from what ran in the shell: the caller rebuilds. */
  fixed?: boolean;
}

/**
 * Opens a shell in a layer on the real terminal and brings the app back; resolves with a message
 * for the status line. With `fix` (a shell in a failed build's last good layer), what the user
 * ran there is offered as a change to the Dockerfile before the app comes back.
 */
export async function shellFromApp(endpoint: Endpoint, req: ShellRequest, fix?: FixTarget): Promise<HandoverResult> {
  try {
    return await suspendApp(async () => {
      const { code, commands } = await runShell(endpoint, req);
      const ended = `shell in ${req.image} ended (exit ${code}); its container is removed`;
      if (!fix) return { text: ended, kind: 'info' as const };
      if (commands.length) process.stdout.write(`${ended}\n`);
      const fixed = await offerFix(process.stdin, process.stdout, fix, commands);
      return { text: fixed ? `${fix.dockerfilePath} changed: rebuilding` : ended, kind: 'info' as const, fixed };
    });
  } catch (e) {
    return { text: shellErrorLine(e), kind: 'error' };
  }
}
