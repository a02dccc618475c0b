// Build records on disk (issue #13): one per engine and tag under
// `$XDG_STATE_HOME/imgsh/builds/`, written whole (a temporary file renamed over the last), read
// back only at this version. After a build, the new record is compared with the last one of the
// tag, and the first step that ran is explained (src/domain/builds/build-record.ts); a last record
// of another version, or damaged, is said in one line and replaced.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUILD_RECORD_VERSION, explainMiss, missLine, recordFromText, unusableLine, type BuildRecord, type CacheMiss, type RecordedStep, type UnusableRecord } from '../domain/builds/build-record.js';
import { copySources } from '../domain/builds/copy-sources.js';
import type { BuildSnapshot } from '../domain/builds/build-steps.js';
import { instructionForStep, parseDockerfile } from '../domain/builds/dockerfile.js';
import { contextFiles, sourceInputs } from '../engine/builds/context-inputs.js';
import { writeWhole } from '../engine/write-whole.js';
import type { BuildOptions } from '../engine/operation-types.js';

export function recordFile(endpoint: string, tag: string, env: NodeJS.ProcessEnv = process.env): string {
  const key = createHash('sha256').update(`${endpoint}\n${tag}`).digest('hex').slice(0, 32);
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'imgsh', 'builds', `${key}.json`);
}

/** The last build record of `tag` on the engine at `endpoint`, if imgsh built it and the record is this version's. */
export async function lastRecord(endpoint: string, tag: string): Promise<BuildRecord | null> {
  const last = await readLast(recordFile(endpoint, tag));
  return last && !('unusable' in last) ? last : null;
}

/** The record in `file`, null when there is none (the tag's first build), or why it cannot be compared. */
async function readLast(file: string): Promise<BuildRecord | UnusableRecord | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : { unusable: 'unreadable', code };
  }
  return recordFromText(text);
}

async function writeRecord(file: string, record: BuildRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeWhole(file, `${JSON.stringify(record)}\n`, 0o600);
}

/** The record of a finished legacy build: its steps as the builder numbered them, each with its Dockerfile line. */
export async function recordOf(opts: BuildOptions, tag: string, snapshot: BuildSnapshot, dockerfileText: string, dockerfilePath: string | null): Promise<BuildRecord> {
  const df = parseDockerfile(dockerfileText);
  let files: string[] | null = null;
  const bases = new Map<number, string>();
  const steps: RecordedStep[] = [];
  for (const s of snapshot.steps) {
    const ins = instructionForStep(df, s.number, opts.target);
    if (!ins) continue; // the LABEL step `--label` adds at the end
    if (ins.keyword === 'FROM' && s.imageId) bases.set(ins.stage, s.imageId);
    const sources = copySources(ins);
    let inputs;
    if (sources) {
      files ??= await contextFiles(opts.dir);
      inputs = await sourceInputs(opts.dir, files, sources);
    }
    steps.push({
      step: s.number,
      line: ins.startLine,
      instruction: `${ins.keyword} ${ins.args}`,
      // a FROM never runs: its image is the base the next steps are checked against
      cached: s.status === 'cached' || ins.keyword === 'FROM',
      ...(inputs ? { inputs } : {}),
      ...(bases.has(ins.stage) ? { base: bases.get(ins.stage) } : {}),
      stage: ins.stage,
    });
  }
  return { version: BUILD_RECORD_VERSION, tag, at: new Date().toISOString(), imageId: snapshot.imageId, dockerfile: dockerfilePath, buildArgs: opts.buildArgs, steps };
}

/**
 * Keeps this build's record for each tag and explains the cache miss against the last one of
 * the first tag: its line, or the line saying that record could not be compared (miss: null),
 * or null (no record yet, every step cached). A record that cannot be written costs the next
 * explanation, not the build.
 */
export async function recordBuild(endpoint: string, opts: BuildOptions, snapshot: BuildSnapshot, dockerfileText: string, dockerfilePath: string | null): Promise<{ line: string; miss: CacheMiss | null } | null> {
  if (opts.tags.length === 0) return null;
  const now = await recordOf(opts, opts.tags[0], snapshot, dockerfileText, dockerfilePath);
  const last = await readLast(recordFile(endpoint, opts.tags[0]));
  const written: boolean[] = [];
  for (const tag of opts.tags) written.push(await writeRecord(recordFile(endpoint, tag), { ...now, tag }).then(() => true, () => false));
  if (last && 'unusable' in last) return { line: unusableLine(opts.tags[0], last, written[0]), miss: null };
  const miss = last ? explainMiss(last, now) : null;
  return miss ? { line: missLine(miss), miss } : null;
}
