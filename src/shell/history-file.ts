import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { historyLimit, mergeHistory, remember } from '../domain/layers/history.js';
import { processAlive } from '../engine/process-alive.js';

export { PROMPT_KINDS } from '../domain/layers/history.js';

/** 'command' (the `:` line) and a name per key-opened prompt ('search', 'filter', 'logSearch', ...). */
export type HistoryKind = string;

const LOCK_STALE_MS = 5000;
const LOCK_WAIT_MS = 1000;
const LOCK_RETRY_MS = 50;

// Unknown kinds are kept (a newer imgsh may have more prompts); entries that are not strings go.
const FileSchema = z.object({
  version: z.literal(1),
  histories: z.record(
    z.unknown().transform((v) => (Array.isArray(v) ? v.filter((l): l is string => typeof l === 'string') : null)),
  ),
});
type Histories = Record<HistoryKind, readonly string[]>;

/** `$XDG_STATE_HOME/imgsh/history.json`, else `~/.local/state/imgsh/history.json`. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'imgsh', 'history.json');
}

export interface HistoryStore {
  /** The lines of a kind, oldest first (what was on disk at open, plus what was added since). */
  lines(kind: HistoryKind): readonly string[];
  /** Remembers a line now (in memory at once) and schedules a write; returns the new lines of the kind. */
  add(kind: HistoryKind, line: string): readonly string[];
  /** Resolves when every scheduled write has been tried (tests, and the app on quit); never rejects. */
  flush(): Promise<void>;
}

/** Invalid JSON or shape: an empty history. */
function parse(text: string): Histories {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {}
  const r = FileSchema.safeParse(json);
  const out: Histories = {};
  for (const [kind, lines] of Object.entries(r.success ? r.data.histories : {})) if (lines) out[kind] = lines.slice(-historyLimit(kind));
  return out;
}

/** Null when the file is there but could not be read: this round is skipped rather than the history lost. */
async function readDisk(path: string): Promise<Histories | null> {
  try {
    return parse(await readFile(path, 'utf8'));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? {} : null;
  }
}

type Held = { ino: number; mtimeMs: number };
const sameFile = (a: Held, b: Held) => a.ino === b.ino && a.mtimeMs === b.mtimeMs;

/** Another imgsh's lock is waited for briefly; one left by a dead or stuck process is taken over. Null: not taken. */
async function lock(lockPath: string): Promise<Held | null> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fh = await open(lockPath, 'wx', 0o600);
      try {
        await fh.writeFile(String(process.pid));
        const held = await fh.stat();
        await fh.close();
        return held;
      } catch {
        await fh.close().catch(() => {});
        await unlink(lockPath).catch(() => {});
        return null;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
    }
    try {
      const [seen, owner] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
      const pid = Number(owner);
      const dead = Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid);
      if (dead || Date.now() - seen.mtimeMs > LOCK_STALE_MS) {
        // only the stale file just judged: if it was replaced meanwhile, look again
        if (sameFile(seen, await stat(lockPath))) await unlink(lockPath);
        continue;
      }
    } catch (e) {
      // gone meanwhile: try again at once; unreadable or not removable: wait like for a live one
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
    }
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
  }
}

/** Removes the lock only while it is still the one this call created (a slow round's lock may have been taken over). */
async function unlock(lockPath: string, held: Held): Promise<void> {
  try {
    if (sameFile(held, await stat(lockPath))) await unlink(lockPath);
  } catch {
    // gone already
  }
}

let tmpCounter = 0;

/** Merges `added` into the file under its lock; the file is replaced whole (temp file, fsync, rename), never torn. */
async function writeMerged(path: string, added: ReadonlyMap<HistoryKind, readonly string[]>): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const lockPath = `${path}.lock`;
  const held = await lock(lockPath);
  if (!held) return false;
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    const disk = await readDisk(path);
    if (!disk) return false;
    const histories: Histories = { ...disk };
    for (const [kind, lines] of added) histories[kind] = mergeHistory(disk[kind] ?? [], lines, historyLimit(kind));
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.chmod(0o600); // the umask may have narrowed it; a wider old file is replaced by this one
      await fh.writeFile(`${JSON.stringify({ version: 1, histories })}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    return true;
  } catch {
    await unlink(tmp).catch(() => {});
    return false;
  } finally {
    await unlock(lockPath, held);
  }
}

/** Reads the file once, synchronously (it is small); writes happen in the background, coalesced. Never throws. */
export function openHistory(path = historyPath()): HistoryStore {
  let onDisk: Histories = {};
  try {
    onDisk = parse(readFileSync(path, 'utf8'));
  } catch {} // missing or unreadable: an empty history
  const memory = new Map(Object.entries(onDisk));
  // the lines this process added and has not written yet, per kind
  const pending = new Map<HistoryKind, string[]>();
  let writing: Promise<void> | null = null;
  let lastFailed = false;

  const writeOnce = async () => {
    const batch = new Map([...pending].map(([k, v]) => [k, [...v]]));
    lastFailed = !(await writeMerged(path, batch).catch(() => false));
    if (lastFailed) return;
    for (const [kind, lines] of batch) {
      const rest = (pending.get(kind) ?? []).slice(lines.length);
      if (rest.length) pending.set(kind, rest);
      else pending.delete(kind);
    }
  };
  const schedule = (): Promise<void> => {
    writing ??= (async () => {
      // several adds in a row: one write; lines added while it ran: one more; a failure waits for the next add or flush
      do {
        await new Promise((r) => setImmediate(r));
        await writeOnce();
      } while (pending.size > 0 && !lastFailed);
      writing = null;
    })();
    return writing;
  };

  return {
    lines: (kind) => memory.get(kind) ?? [],
    add(kind, line) {
      const before = memory.get(kind) ?? [];
      const after = remember(before, line, historyLimit(kind));
      if (after !== before) {
        memory.set(kind, after);
        pending.set(kind, [...(pending.get(kind) ?? []), line]);
        void schedule();
      }
      return after;
    },
    async flush() {
      // a round that just failed (the file locked by another imgsh) is not tried twice in a row
      if (writing) await writing;
      else lastFailed = false;
      if (pending.size > 0 && !lastFailed) await schedule();
    },
  };
}
