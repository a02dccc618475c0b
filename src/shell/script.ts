import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CommandContext } from './command.js';
import { execute, type ExitCode } from './execute.js';
import type { Registry } from './registry.js';
import { tokenize } from './tokenize.js';

export interface ScriptIO {
  input: Readable;
  out(text: string): void;
  err(text: string): void;
}

/** Runs commands from a stream, one per line; stops at the first failure unless keepGoing. */
export async function runScript(
  registry: Registry,
  io: ScriptIO,
  ctx: Omit<CommandContext, 'json'>,
  keepGoing: boolean,
): Promise<ExitCode> {
  let worst: ExitCode = 0;
  let n = 0;
  for await (const raw of createInterface({ input: io.input, crlfDelay: Infinity })) {
    n++;
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let words: string[];
    try {
      words = tokenize(line);
    } catch (e) {
      io.err(`imgsh: line ${n}: ${(e as Error).message}`);
      worst = 2;
      if (!keepGoing) return worst;
      continue;
    }
    const outcome = await execute(registry, words, ctx);
    if (outcome.stdout) io.out(outcome.stdout);
    if (outcome.code !== 0) {
      io.err(outcome.stderr.replace(/^imgsh: /, `imgsh: line ${n}: `));
      worst = worst === 0 ? outcome.code : worst;
      if (!keepGoing) return worst;
    }
  }
  return worst;
}
