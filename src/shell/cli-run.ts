import type { Endpoint } from '../domain/connection/endpoint.js';
import type { Engine } from '../engine/types.js';
import { cancelOnInterrupt, confirmOnTty, print } from './cli-io.js';
import { execute } from './execute.js';
import { progressPrinter } from './progress-text.js';
import type { Registry } from './registry.js';

/** The engine, resolved and connected on first use only. */
export interface EngineAccess {
  endpoint(): Endpoint;
  engine(): Promise<Engine>;
}

/** `imgsh CMD ARGS`: one command, its output on stdout/stderr, its exit code. */
export async function runOneShot(registry: Registry, words: string[], { engine, endpoint }: EngineAccess): Promise<number> {
  const cancel = cancelOnInterrupt();
  const printer = process.stderr.isTTY ? progressPrinter(process.stderr) : null;
  const outcome = await execute(registry, words, {
    engine,
    endpoint,
    mode: 'cli',
    app: null,
    commands: registry.commands,
    confirm: confirmOnTty,
    signal: cancel.signal,
    progress: (r) => printer?.report(r),
    stdio: { input: process.stdin, output: process.stdout },
  });
  printer?.done();
  cancel.dispose();
  if (outcome.exact) process.stdout.write(outcome.stdout);
  else print(process.stdout, outcome.stdout);
  print(process.stderr, outcome.stderr);
  // stopped by a signal: the shell's convention (130 after Ctrl-C, 143 after SIGTERM)
  return outcome.code !== 0 ? (cancel.received() ?? outcome.code) : 0;
}

/** `imgsh < script`: the commands on stdin, line by line. */
export async function runStdinScript(registry: Registry, keepGoing: boolean, { engine, endpoint }: EngineAccess): Promise<number> {
  const { runScript } = await import('./script.js');
  const cancel = cancelOnInterrupt();
  try {
    return await runScript(
      registry,
      { input: process.stdin, out: (t) => print(process.stdout, t), err: (t) => print(process.stderr, t) },
      // stdin is the script itself, so `-i -` / `-o -` are for one-shot commands only.
      { engine, endpoint, mode: 'script', app: null, commands: registry.commands, confirm: async () => false, signal: cancel.signal, progress: () => {}, stdio: null },
      keepGoing,
    );
  } finally {
    cancel.dispose();
  }
}
