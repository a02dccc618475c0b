// A file written whole or not at all: a temporary file beside it, renamed over it. On a failure
// (a full disk) the temporary file is removed, so a reader never finds half of one.
import { rename, rm, writeFile } from 'node:fs/promises';

export async function writeWhole(file: string, text: string, mode?: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, mode === undefined ? undefined : { mode });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
}
