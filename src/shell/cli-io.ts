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

/** Ctrl-C aborts the running command (which cleans up after itself); a second one exits at once. */
export function cancelOnInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('cancelled'));
  };
  process.on('SIGINT', onInt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInt) };
}
