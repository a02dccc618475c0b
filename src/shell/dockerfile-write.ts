import { randomBytes } from 'node:crypto';
import { chmod, chown, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The Dockerfile is not what the build read: someone changed it meanwhile. */
export class ChangedOnDiskError extends Error {
  constructor(path: string) {
    super(`${path} changed on disk since the build: nothing written (make the change by hand, then r rebuilds)`);
    this.name = 'ChangedOnDiskError';
  }
}

/**
 * Writes `after` over the Dockerfile at `path` only if it still holds `before` (what the build
 * read). Atomic: a temporary file beside it, given the file's mode (and owner, as root), then
 * renamed over it; a symlink is followed, so the link stays. Nothing is left on failure.
 */
export async function replaceDockerfile(path: string, before: string, after: string): Promise<void> {
  const target = await realpath(path);
  const now = await readFile(target, 'utf8').catch(() => null);
  if (now !== before) throw new ChangedOnDiskError(path);
  const st = await stat(target);
  const temp = join(dirname(target), `.${basename(target)}.imgsh-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temp, after, { flag: 'wx', mode: st.mode & 0o7777 });
    await chmod(temp, st.mode & 0o7777); // the umask may have taken bits off
    if (process.getuid?.() === 0) await chown(temp, st.uid, st.gid).catch(() => {});
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e;
  }
}
