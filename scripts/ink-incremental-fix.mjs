// Ink 6.8's incremental renderer moves the cursor up one row too few when the previous frame
// ended in a newline (every frame shorter than the terminal does), so each update lands one
// row low and the screen scrolls. Ink 7 needs Node 22, so the bundle fixes the one expression;
// the build fails if Ink's source no longer has it (then check whether the fix is still needed).
import { readFile } from 'node:fs/promises';

const BROKEN = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
const FIXED = "buffer.push(ansiEscapes.cursorUp(previousVisible - (previousOutput.endsWith('\\n') ? 0 : 1)));";

export const inkIncrementalFix = {
  name: 'ink-incremental-fix',
  setup(build) {
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]log-update\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(BROKEN)) throw new Error(`ink-incremental-fix: ${args.path} changed; re-check the fix`);
      return { contents: source.replace(BROKEN, FIXED), loader: 'js' };
    });
  },
};
