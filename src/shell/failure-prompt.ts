import type { FailureReport } from '../domain/build-report.js';
import type { Endpoint } from '../domain/endpoint.js';
import { NoShellError, runShell } from '../engine/debug-shell.js';
import { ToolboxError } from '../engine/toolbox.js';
import { toolboxImage } from './config.js';
import { editFile, editRefusal } from './edit-file.js';
import { readFreshKey } from './key-reader.js';

export interface FailedBuild {
  endpoint: Endpoint;
  report: FailureReport;
  failedState: string | null;
  dockerfilePath: string | null;
}

const HINT = 'x/Enter shell in the last good layer · f shell in the failed state · e edit, then rebuild · r rebuild · q leave';
const LEAVE = new Set(['q', 'Q', '\x1b', '\x03', '\x04']);

/**
 * After `imgsh build` failed on a terminal: waits for a key and acts on it — shells come back
 * here, `e` (the file changed) and `r` resolve 'rebuild', `q`/Esc resolve 'leave'.
 */
export async function failurePrompt(input: NodeJS.ReadStream, output: NodeJS.WriteStream, failed: FailedBuild): Promise<'rebuild' | 'leave'> {
  const { report, failedState } = failed;
  const say = (text: string) => output.write(`${text}\n`);
  const shell = async (image: string) => {
    try {
      const code = await runShell(failed.endpoint, { image, failedCmd: report.failedCmd, toolbox: toolboxImage() });
      say(`shell ended (exit ${code}); its container is removed`);
    } catch (e) {
      say(e instanceof NoShellError || e instanceof ToolboxError ? e.message : `shell: ${(e as Error).message.split('\n')[0]}`);
    }
  };
  for (;;) {
    say(HINT);
    const key = await readFreshKey(input);
    if (LEAVE.has(key)) return 'leave';
    if (key === 'r') return 'rebuild';
    if (key === 'x' || key === '\r') {
      if (report.lastGoodId) await shell(report.lastGoodId);
      else say(`${report.lastGoodWhy ?? 'no step of this build succeeded'}: no layer to open a shell in`);
    } else if (key === 'f') {
      if (failedState) await shell(failedState);
      else say('no failed state was kept for this build (its failed step ran no container)');
    } else if (key === 'e') {
      if (!failed.dockerfilePath) {
        say('the Dockerfile came from stdin: nothing to edit');
        continue;
      }
      const refusal = editRefusal(await editFile(failed.dockerfilePath, report.line ?? 1));
      if (!refusal) return 'rebuild';
      say(refusal);
    }
  }
}
