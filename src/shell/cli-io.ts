// How one-shot commands and stdin scripts meet the terminal: output, questions, Ctrl-C.

export function print(stream: NodeJS.WritableStream, text: string): void {
  if (text) stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Shows what will happen (a prune's preview, …) on stderr, then asks; no TTY means no. */
export async function confirmOnTty(question: string, details: readonly string[] = []): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  for (const line of details) process.stderr.write(`${line}\n`);
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

const STOPS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Ctrl-C, SIGTERM and SIGHUP abort the running command, which cleans up after itself (a partial
 * archive, a build's container); a second signal exits at once. `received`: the exit code the
 * first signal asks for (128 + its number), once one came.
 */
export function cancelOnInterrupt(): { signal: AbortSignal; received(): number | null; dispose(): void } {
  const controller = new AbortController();
  let received: number | null = null;
  const handlers = Object.entries(STOPS).map(([name, code]) => {
    const on = () => {
      if (controller.signal.aborted) process.exit(received ?? code);
      received = code;
      controller.abort(new Error('cancelled'));
    };
    process.on(name as NodeJS.Signals, on);
    return [name as NodeJS.Signals, on] as const;
  });
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => handlers.forEach(([name, on]) => process.off(name, on)),
  };
}
