/**
 * The engine runs one /system/df scan at a time and answers a second caller "a disk usage
 * operation is already running" (seen when the app's live reload and an rmi plan overlap).
 * The scan takes milliseconds, so waiting for it beats failing the user's command.
 */
export async function whileDiskUsageBusy<T>(scan: () => Promise<T>, tries = 50, waitMs = 100): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await scan();
    } catch (e) {
      const busy = /disk usage operation is already running/i.test(e instanceof Error ? e.message : String(e));
      if (!busy || i >= tries) throw e;
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}
