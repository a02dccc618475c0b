import type { Endpoint } from '../domain/endpoint.js';
import { NoShellError, runShell, type ShellRequest } from '../engine/debug-shell.js';
import { ToolboxError } from '../engine/toolbox.js';
import { suspendApp } from './run-app.js';

/** Opens a shell in a layer on the real terminal and brings the app back; resolves with a message for the status line. */
export async function shellFromApp(endpoint: Endpoint, req: ShellRequest): Promise<{ text: string; kind: 'info' | 'error' }> {
  try {
    const code = await suspendApp(() => runShell(endpoint, req));
    return { text: `shell in ${req.image} ended (exit ${code}); its container is removed`, kind: 'info' };
  } catch (e) {
    return { text: e instanceof NoShellError || e instanceof ToolboxError ? e.message : `shell: ${(e as Error).message.split('\n')[0]}`, kind: 'error' };
  }
}
