import type { FailureReport } from '../domain/builds/build-report.js';
import { shellErrorLine } from '../engine/debug/debug-shell.js';
import type { Engine } from '../engine/types.js';
import { toolboxImage } from './config.js';
import { editFile, editRefusal } from './edit-file.js';
import { offerFix } from './fix-prompt.js';
import { readFreshKey } from './key-reader.js';

export interface FailedBuild {
  engine: Engine;
  report: FailureReport;
  failedState: string | null;
  dockerfilePath: string | null;
  /** The Dockerfile as the build read it: a fix is written only over this text. */
  dockerfileText: string;
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
  /** A shell; after one in the last good layer, what ran there may become a fix: true when it was written. */
  const shell = async (image: string, offer: boolean): Promise<boolean> => {
    try {
      const { code, commands } = await failed.engine.shell({ image, failedCmd: report.failedCmd, toolbox: toolboxImage() });
      say(`shell ended (exit ${code}); its container is removed`);
      if (!offer || !failed.dockerfilePath || report.line === null) return false;
      return await offerFix(input, output, { dockerfilePath: failed.dockerfilePath, dockerfileText: failed.dockerfileText, line: report.line }, commands);
    } catch (e) {
      say(shellErrorLine(e));
      return false;
    }
  };
  for (;;) {
    say(HINT);
    const key = await readFreshKey(input);
    if (LEAVE.has(key)) return 'leave';
    if (key === 'r') return 'rebuild';
    if (key === 'x' || key === '\r') {
      if (report.lastGoodId) {
        if (await shell(report.lastGoodId, true)) return 'rebuild';
      }
      else say(`${report.lastGoodWhy ?? 'no step of this build succeeded'}: no layer to open a shell in`);
    } else if (key === 'f') {
      if (failedState) await shell(failedState, false);
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
