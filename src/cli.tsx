import { commandsFor, loadCommands } from '../commands/files.js';
import type { Endpoint } from './domain/connection/endpoint.js';
import { createEngine } from './engine/engine.js';
import { resolveEndpoint } from './engine/transport/resolve-endpoint.js';
import type { Engine } from './engine/types.js';
import { failure } from './shell/execute.js';
import { parseGlobalOptions, type GlobalOptions } from './shell/global-options.js';
import { programHelp } from './shell/help-text.js';
import { fromDockerForm } from './shell/docker-forms.js';
import { Registry } from './shell/registry.js';
import { print } from './shell/cli-io.js';
import { runOneShot, runStdinScript } from './shell/cli-run.js';
import { VERSION } from './version.js';

/** Engine access shared by every mode: resolved and created on first use only. */
function lazyEngine(opts: GlobalOptions): { endpoint(): Endpoint; engine(): Promise<Engine> } {
  let endpoint: Endpoint | null = null;
  let engine: Engine | null = null;
  const ep = () => (endpoint ??= resolveEndpoint({ host: opts.host, context: opts.context }));
  return { endpoint: ep, engine: async () => (engine ??= createEngine(ep())) };
}

/** `imgsh debug …` typed in a terminal steps through the Dockerfile in the app; scripts and CI get the one-shot form. */
function opensDebugger(words: string[]): boolean {
  const interactive = process.stdin.isTTY && process.stdout.isTTY && !process.env.CI;
  return interactive && words[0] === 'debug' && !words.some((w) => w === '--json' || w === '--help' || w === '-h');
}

/** `imgsh images | head`: once the reader has gone, stop at once and quietly, as docker does (SIGPIPE: 141). */
function stopWhenReaderLeaves(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    print(process.stderr, `imgsh: cannot write the output: ${e.message}`);
    process.exit(1);
  });
}

async function main(argv: string[]): Promise<number> {
  const opts = parseGlobalOptions(argv);
  const fullScreen = !opts.version && !opts.help && (opensDebugger(opts.words) || (opts.words.length === 0 && process.stdin.isTTY));
  // the app handles its terminal's loss itself (SIGHUP, its debug containers removed)
  if (!fullScreen) stopWhenReaderLeaves();
  if (opts.version) return print(process.stdout, VERSION), 0;
  if (opts.help) return print(process.stdout, programHelp(await loadCommands(), VERSION)), 0;
  if (opensDebugger(opts.words)) {
    const { shellQuote } = await import('./domain/builds/build-report.js');
    return (await import('./app-root.js')).runFullScreen(opts, opts.words.map(shellQuote).join(' '));
  }
  // one command loads its own file only (`image ls` is images')
  if (opts.words.length > 0) return runOneShot(new Registry(await commandsFor(fromDockerForm(opts.words)[0])), opts.words, lazyEngine(opts));
  if (!process.stdin.isTTY) return runStdinScript(new Registry(await loadCommands()), opts.keepGoing, lazyEngine(opts));
  if (!process.stdout.isTTY) {
    print(process.stderr, 'imgsh: the app needs a terminal; to script it, give a command (imgsh images) or pipe commands to stdin');
    return 2;
  }
  // the app's half of the composition root: a one-shot command does not load it
  return (await import('./app-root.js')).runFullScreen(opts);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    const outcome = failure(e);
    print(process.stderr, outcome.stderr);
    process.exitCode = outcome.code;
  },
);
