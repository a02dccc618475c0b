import type { Endpoint } from '../domain/connection/endpoint.js';
import type { LayerIndex } from '../domain/layers/layer-index.js';
import type { Engine } from '../engine/types.js';
import type { BuildControls } from '../store/build-controls.js';

export interface OptionDecl {
  /** Long name without dashes: `all` for `--all`. */
  name: string;
  short?: string;
  type: 'boolean' | 'string';
  /** May be given more than once; the value is then a string[]. */
  repeat?: boolean;
  /** Placeholder in usage lines: `--filter K=V`. */
  value?: string;
  choices?: readonly string[];
  /** What Tab offers for the value (paths for `-o FILE`). */
  complete?: Completion;
  description: string;
  /** imgsh's own, not docker's (a docker form's --help lists it apart). */
  extra?: boolean;
}

/**
 * What Tab offers for an argument: local image references, `remote` ones (local, and the
 * repositories of registries looked up), file `path`s, command names, or a function of the
 * positional words before it (`context use …`).
 */
export type Completion = 'image' | 'remote' | 'path' | 'command' | 'none' | ((before: readonly string[]) => string[]);

export interface ArgDecl {
  name: string;
  required?: boolean;
  variadic?: boolean;
  complete?: Completion;
  description: string;
}

export type OptionValues = Record<string, boolean | string | string[] | undefined>;

export interface ParsedArgs {
  args: string[];
  options: OptionValues;
}

/** What a command prints: human text, and the same as data for `--json`. */
export interface CommandOutput {
  text?: string;
  json?: unknown;
  /** A line for stderr beside a success (docker's `WARNING: …`). */
  warning?: string;
  /** Printed as it is, without the line end added to text that lacks one (a docker template's output). */
  exact?: boolean;
}

/** Things only the full-screen app can do; commands ask for them through the context. */
export interface AppControls {
  quit(): void;
  refresh(): void;
  showDetails(ref: string): void;
  setTheme(name: string): void;
  /** The Layers pane's data: `layers` hands it the index it read. */
  /** `archive`: the index came from an archive file and `ref` is its path. */
  /** `lines`: each layer's Dockerfile line, when known (dockerfile-lines.ts). */
  showLayers?(ref: string, index: LayerIndex, archive?: boolean, lines?: readonly (number | null)[] | null): void;
  /**
   * The Build pane: `build` and `debug` read its state and change it by build/debug actions (the
   * one store's); the debug session's handle, for `step`.
   */
  build?: BuildControls;
  /** Reconnects the app to another docker context; rejects (staying where it was) when that engine does not answer. */
  switchContext?(name: string, signal: AbortSignal): Promise<{ context: string; endpoint: string }>;
  /** Opens the context switcher. */
  openContexts?(): void;
  /** Moves the focus to a pane: what the user just started is where the next key goes. */
  showPane?(pane: 'images' | 'layers' | 'build'): void;
  /** The last debug shell's container, kept until the next shell or the quit (`:commit` takes it), and the image it ran in. */
  keptShell?(): { container: string; image: string } | null;
  /** The kept shell's container is gone (committed). */
  forgetShell?(): void;
}

/** One line of progress: a layer being pulled, a file being written. */
export interface ProgressItem {
  id: string;
  /** `Downloading`, `Extracting`, `Pull complete`, … */
  status: string;
  current?: number;
  total?: number;
}

/** The whole progress of a long command, reported again on every change (it replaces the last). */
export interface ProgressReport {
  title: string;
  items: ProgressItem[];
  current?: number;
  total?: number;
}

export interface CommandContext {
  /** Connects on first use, so commands that need no engine never pay for it. */
  engine(): Promise<Engine>;
  /** Where the engine is (resolved, not connected): in the app, the current connection's. */
  endpoint?(): Endpoint;
  mode: 'cli' | 'app' | 'script';
  /** `--json` was given (globally or to the command). */
  json: boolean;
  /** Null outside the app. */
  app: AppControls | null;
  /** The registry, for `help`. */
  commands: readonly CommandDecl[];
  /**
   * Asks the user, showing `details` first (what a prune would remove, …); false when nobody
   * can answer (no TTY, a script). Destructive commands call it unless given `-f`/`--force`.
   */
  confirm(question: string, details?: readonly string[]): Promise<boolean>;
  /** Aborted when the user cancels (Esc in the app, Ctrl-C on the command line). */
  signal: AbortSignal;
  /** Shows progress of a long command; a no-op where nobody watches (--json, scripts). */
  progress(report: ProgressReport): void;
  /** `-i -` / `-o -`: the process's stdin / stdout; null inside the app. */
  stdio: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } | null;
}

export interface CommandDecl {
  name: string;
  aliases?: readonly string[];
  summary: string;
  args: readonly ArgDecl[];
  options: readonly OptionDecl[];
  /** Examples for `help CMD`. */
  examples?: readonly string[];
  /** Beside docker's command of that name: "As docker", or what differs and why (README's table). */
  asDocker?: string;
  /** `--format` is docker's (`json` prints docker's JSON lines); imgsh's JSON is `--json`. */
  dockerForm?: boolean;
  /** Only meaningful inside the app (`quit`, `refresh`). */
  appOnly?: boolean;
  /** An app-only command that still runs as the app's job (cancellable, one at a time): the debugger's `step`. */
  appJob?: boolean;
  run(ctx: CommandContext, input: ParsedArgs): Promise<CommandOutput | void>;
}

export function defineCommand(decl: CommandDecl): CommandDecl {
  return decl;
}

/** Wrong words on the command line: exit 2 with the usage line. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandDecl,
    /** docker's exit codes where a docker form wants them: 125 for a flag, 1 for an argument count. */
    readonly exitCode: 1 | 2 | 125 = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A failure the user can act on: exit 1 with this line. `output` is what was done before the
 * failure (rmi of several refs where one failed), printed as on success.
 */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly output?: CommandOutput,
    /** docker's 64 for a template that does not parse (inspect -f). */
    readonly exitCode: 1 | 64 = 1,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
