import type { LayerShellResult } from '../shell/layer-shell.js';
import { suspendApp } from './run-app.js';

/** Gives the terminal up while `shell` runs (a shell in a layer), then brings the app back; resolves with its line for the status bar. */
export async function handOver(shell: () => Promise<LayerShellResult>): Promise<LayerShellResult> {
  try {
    return await suspendApp(shell);
  } catch (e) {
    return { text: `shell: ${(e as Error).message.split('\n')[0]}`, kind: 'error' };
  }
}
