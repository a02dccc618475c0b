import type { FixTarget } from './fix-prompt.js';
import type { ContextInfo } from '../domain/connection/endpoint.js';
import type { Store } from '../store/store.js';
import type { CommandDecl } from './command.js';
import type { HistoryStore } from './history-file.js';
import type { Binding } from './keymap.js';
import type { Theme } from './theme.js';

export interface CompletionResult {
  /** Candidates for the word under the cursor (the last word of the line). */
  candidates: string[];
  /** The line with the word completed as far as the candidates agree. */
  line: string;
}

/** Everything the UI needs from the layers below, handed over by the composition root. */
export interface AppServices {
  store: Store;
  keymap: Binding[];
  commands: readonly CommandDecl[];
  theme(name: string): Theme;
  /**
   * Runs a `:` line; results and errors arrive in the store (message/output). Commands other
   * than the app's own (quit, theme, …) run as the job, one at a time. Resolves true when the
   * command succeeded and the user said yes to whatever it asked.
   */
  runLine(line: string): Promise<boolean>;
  /** Cancels the running job (its signal aborts); nothing when none runs. */
  cancelJob(): void;
  /** Answers the confirmation a command is waiting for. */
  answer(yes: boolean): void;
  complete(line: string): CompletionResult;
  /** Reload images and disk usage now. */
  refresh(): void;
  /** Load inspect + history for the details overlay (dispatches details/*). */
  openDetails(ref: string): void;
  quit(): void;
  /** The docker contexts, for the switcher (`c`); it switches with `runLine('context switch NAME')`. */
  contexts?(): ContextInfo[];
  /** The prompts' histories, kept across runs (absent in tests: they stay in the store). */
  history?: HistoryStore;
  /** Hands the terminal to a shell in `image`, then brings the app back; with `fix`, offers what ran there as a Dockerfile change, and rebuilds if taken. */
  shellInLayer?(image: string, failedCmd: string | null, fix?: FixTarget): Promise<void>;
}
