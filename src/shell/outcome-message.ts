import type { Store } from '../store/store.js';
import type { Outcome } from './execute.js';

/**
 * A command's outcome in the app: one line of output as a message, more in the output
 * overlay; a failure in red, a cancel not. True when the command succeeded.
 */
export function showOutcome(store: Store, line: string, outcome: Outcome, cancelled: boolean): boolean {
  const message = (text: string, kind: 'info' | 'error') => store.dispatch({ type: 'message/set', message: { text, kind } });
  const error = failureText(line, outcome, cancelled);
  if (error !== null) message(error, cancelled ? 'info' : 'error');
  else if (outcome.stdout.includes('\n')) store.dispatch({ type: 'output/show', title: line, text: outcome.stdout });
  else if (outcome.stdout) message(outcome.stdout, 'info');
  return outcome.code === 0;
}

/** A failed command's line as the app says it (a cancel as `pull cancelled`); null when it succeeded. */
export function failureText(line: string, outcome: Outcome, cancelled: boolean): string | null {
  if (outcome.code === 0) return null;
  const error = inAppTerms(outcome.stderr.replace(/^imgsh: /, ''));
  return !cancelled || /cancel/i.test(error) ? error : `${line.split(' ')[0]} cancelled`;
}

/**
 * An error as the app says it: its commands are typed after `:`, so `usage: imgsh tag …` reads
 * `usage: :tag …` (on the same line), and `imgsh help` reads `:help`.
 */
export function inAppTerms(error: string): string {
  return error
    .replace(/\nusage: imgsh /, ' — usage: :')
    .replace(/`imgsh help( [^`]*)?`/g, (_m, rest: string | undefined) => `\`:help${rest ?? ''}\``)
    .replace(/\(run imgsh on a terminal\)/, '');
}
