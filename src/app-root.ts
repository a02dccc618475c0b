// The full-screen app, put together: the engine (taken early while Ink loads), the store and its
// sync, the job runner, the services the UI is handed, and the clean-up on every way out. Half
// of the composition root (src/cli.tsx chooses the mode and calls this).
import type { Endpoint } from './domain/connection/endpoint.js';
import { createEngine } from './engine/engine.js';
import { resolveEndpoint } from './engine/transport/resolve-endpoint.js';
import type { Engine } from './engine/types.js';
import type { AppControls } from './shell/command.js';
import { execute, failure, type Outcome } from './shell/execute.js';
import type { GlobalOptions } from './shell/global-options.js';
import { failureText, showOutcome } from './shell/outcome-message.js';
import { Registry } from './shell/registry.js';
import type { AppServices } from './shell/services.js';
import { tokenize } from './shell/tokenize.js';
import { takePainted, type PaintedFrame } from './painted-frame.js';
import { loadUi } from './ui-loader.js';

/**
 * How long the first frame waits for the list. An engine that answers while Ink loads is drawn
 * once, with its images: a full Ink frame costs ~60 ms here, the first (cold) ~150 ms. An ssh
 * login takes longer (~0.3–0.6 s): the app draws at once, "connecting…", and pays for the cold
 * frame during the login (measured: the list's frame 471 → 418–434 ms; with TLS, waiting won).
 */
const FIRST_LOAD_WAIT_MS: Record<Endpoint['kind'], number> = { unix: 400, tcp: 1500, ssh: 0 };

/** `startLine`: a command the app runs once it is up (`imgsh debug …` on a terminal opens the debugger). */
export async function runFullScreen(opts: GlobalOptions, startLine?: string): Promise<number> {
  const first = resolveEndpoint({ host: opts.host, context: opts.context });
  // On a terminal the app draws even where CI variables are set: Ink's is-in-ci and
  // supports-color read whether they are set at all, when they load, so they go first.
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[k];
  // Ink loads beside the app's other modules (first frame −3 to −20 ms with 1,000 images); a
  // remote engine's login (ssh ~250 ms, TLS) starts too, its connection kept for the first list.
  const ui = loadUi();
  ui.catch(() => {}); // awaited later: a failure before then is not also an unhandled rejection
  let early: Engine | null = createEngine(first);
  if (first.kind !== 'unix') early.version().catch(() => {});
  const takeEarly = () => {
    const engine = early;
    early = null;
    return engine;
  };
  // the frame drawn before the app loaded, if it was drawn for this engine
  const painted = takePainted();
  const frame = painted && painted.endpoint.url === first.url && !startLine && !opts.theme ? painted : null;
  try {
    return await runWithEngine(opts, first, ui, takeEarly, startLine, frame);
  } finally {
    // Not taken (a bad config or theme failed first): a login must not keep the process waiting.
    early?.close();
    painted?.screen.leave();
  }
}

async function runWithEngine(
  opts: GlobalOptions,
  first: Endpoint,
  ui: ReturnType<typeof loadUi>,
  takeEarly: () => Engine | null,
  startLine: string | undefined,
  painted: PaintedFrame | null,
): Promise<number> {
  // The app's modules (zod, fuse, the store) load only here: one-shot start-up does not pay for them.
  const [commands, { loadConfig, loadTheme }, { createStore }, { initialState }, { startEngineSync }, { complete }, { rowName, toRows }, { createJobRunner }, { jobRunningText }, { createConnection, endpointLabel, firstLoad }, { listContexts }, { followedImage }, { openHistory, PROMPT_KINDS }, { createRemoteRefs, REMOTE_REFS_LIMIT }] =
    await Promise.all([
      import('../commands/files.js').then((m) => m.loadCommands()),
      import('./shell/config.js'),
      import('./store/store.js'),
      import('./store/state.js'),
      import('./store/effects.js'),
      import('./shell/complete.js'),
      import('./domain/images/image.js'),
      import('./store/jobs.js'),
      import('./shell/keymap.js'),
      import('./store/connection.js'),
      import('./engine/transport/contexts.js'),
      import('./store/selectors.js'),
      import('./shell/history-file.js'),
      import('./shell/remote-refs.js'),
    ]);
  const registry = new Registry(commands);
  const config = loadConfig();
  const themeName = opts.theme ?? config.theme;
  loadTheme(themeName); // a bad theme fails here, before the screen is taken
  const label = endpointLabel(first);
  const size = { columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 };
  const store = createStore(initialState(label.endpoint, themeName, size, label.context));
  void import('./settle-memory.js').then((m) => m.settleWhenQuiet(store.subscribe));
  // The first frame drawn before the app loaded: the app starts from what it showed, so its own
  // first frame is the same (the engine sync reloads at once).
  if (painted) {
    if (painted.version) store.dispatch({ type: 'connection/connected', version: painted.version });
    store.dispatch({ type: 'images/loaded', rows: toRows(painted.list.images, painted.list.counts) });
  }
  const jobs = createJobRunner(store);
  const history = openHistory();
  const remoteRefs = createRemoteRefs(async (host, signal) => {
    const [{ loadCredentials }, { searchRegistry }] = await Promise.all([import('./engine/registry/credentials.js'), import('./engine/registry/registry-search.js')]);
    return searchRegistry(host, '', { limit: REMOTE_REFS_LIMIT, credentials: await loadCredentials(host), signal });
  });
  for (const kind of PROMPT_KINDS) store.dispatch({ type: 'prompt/history', kind, lines: history.lines(kind) });
  const { buildControls } = await import('./store/build-controls.js');
  // the Build pane's state is the store's (`state.build`); commands change it by actions through these
  const build = buildControls(store);
  const paneUsed = () => !!store.getState().build.line || !!store.getState().build.debug;
  // the debugger's shells, failed states and step images of this run
  const endBuildPane = async (endpoint: Endpoint) => {
    const artifacts = await import('./engine/debug/debug-artifacts.js');
    await artifacts.cleanOwnArtifacts(endpoint).catch(() => 0);
    await artifacts.removeSessionImages(endpoint, store.getState().build.debug?.made ?? []);
  };
  const conn = createConnection(first, store, {
    createEngine: (endpoint) => (endpoint === first ? takeEarly() : null) ?? createEngine(endpoint),
    startSync: startEngineSync,
    // The debugger's shells and images on the engine being left go with it, and so does its pane.
    async leaving(old) {
      keptShell = null; // removed with the debugger's containers on the engine being left
      if (!paneUsed()) return;
      await endBuildPane(old);
      store.dispatch({ type: 'build/cleared' });
    },
  });
  // Shells and failed states a dead run left (killed before it could clean up): removed in the
  // background, once the first screen is drawn.
  setTimeout(() => {
    void import('./engine/debug/debug-artifacts.js').then((m) => m.cleanDebugArtifacts(first)).catch(() => 0);
  }, 2000).unref();
  const message = (text: string, kind: 'info' | 'error') => store.dispatch({ type: 'message/set', message: { text, kind } });
  // the last shell's container, kept for :commit until the next shell (the quit removes it with
  // the rest of this run's debug containers)
  let keptShell: { container: string; image: string } | null = null;
  const dropKeptShell = async () => {
    const kept = keptShell;
    keptShell = null;
    if (kept) await conn.engine().dropShell(kept.container).catch(() => {});
  };
  const controls: AppControls = {
    keptShell: () => keptShell,
    forgetShell: () => void (keptShell = null),
    quit: () => store.dispatch({ type: 'quit' }),
    refresh: conn.refresh,
    showDetails: conn.openDetails,
    showLayers: (ref, index, archive, lines) =>
      store.dispatch({ type: 'layers/loaded', ref, index, archive: archive ? { from: followedImage(store.getState()) } : undefined, lines: lines ?? null }),
    setTheme(name) {
      loadTheme(name);
      store.dispatch({ type: 'theme/set', theme: name });
    },
    build,
    async switchContext(name, signal) {
      const now = store.getState().connection;
      if (name !== now.context) await conn.switchTo(resolveEndpoint({ context: name }), signal);
      return endpointLabel(conn.endpoint());
    },
    openContexts: () => store.dispatch({ type: 'overlay/open', overlay: 'contexts' }),
    showPane: (pane) => store.dispatch({ type: 'pane/set', pane }),
  };
  const show = (line: string, outcome: Outcome, cancelled: boolean) => showOutcome(store, line, outcome, cancelled);
  const services: AppServices = {
    store,
    keymap: config.keymap,
    commands: registry.commands,
    theme: (name) => loadTheme(name),
    async runLine(line) {
      let words: string[];
      try {
        words = tokenize(line);
      } catch (e) {
        return show(line, failure(e), false);
      }
      if (words.length === 0) return false;
      const base = { engine: async () => conn.engine(), endpoint: conn.endpoint, mode: 'app' as const, app: controls, commands: registry.commands, stdio: null };
      // The app's own commands (quit, theme, details) are instant and never wait for a job.
      const decl = registry.find(words[0]);
      if (decl?.appOnly && !decl.appJob) {
        const idle = { confirm: async () => false, signal: new AbortController().signal, progress: () => {} };
        return show(line, await execute(registry, words, { ...base, ...idle }), false);
      }
      const job = jobs.run(line, (ctx) => execute(registry, words, { ...base, ...ctx }), (outcome, cancelled) => failureText(line, outcome, cancelled));
      if (!job) {
        message(jobRunningText(config.keymap), 'error');
        return false;
      }
      const { value, cancelled, declined } = await job;
      // The event stream reloads after changes too; this makes the list right at once.
      conn.refresh();
      return show(line, value, cancelled) && !declined;
    },
    cancelJob: jobs.cancel,
    answer: jobs.answer,
    complete: (line) => complete(registry, line, { imageRefs: () => store.getState().rows.map(rowName), remoteRefs }),
    refresh: conn.refresh,
    openDetails: conn.openDetails,
    contexts: () => listContexts(),
    quit: controls.quit,
    history,
    async shellInLayer(image, failedCmd, fix) {
      // from this key on, keys typed are the shell's (or dropped), never the app's
      store.dispatch({ type: 'handover', active: true });
      await dropKeptShell();
      const req = { image, failedCmd, toolbox: process.env.IMGSH_TOOLBOX || config.toolbox, keep: true };
      const said = await Promise.all([import('./ui/shell-handover.js'), import('./shell/layer-shell.js')])
        .then(([{ handOver }, { shellInLayer }]) => handOver(() => shellInLayer(conn.engine(), req, fix)))
        .catch((e: Error) => (store.dispatch({ type: 'handover', active: false }), { text: `shell: ${e.message}`, kind: 'error' as const, fixed: false }));
      if ('kept' in said && said.kept) keptShell = { container: said.kept, image };
      message(said.text, said.kind);
      const line = store.getState().build.line;
      if (said.fixed && line) void services.runLine(line);
    },
  };
  const [{ runApp }] = await Promise.all([ui, firstLoad(store, FIRST_LOAD_WAIT_MS[first.kind])]);
  if (startLine) void services.runLine(startLine);
  try {
    // The bundle carries the fix that makes Ink's incremental rendering correct.
    return await runApp(services, { incremental: true, mouse: config.mouse ?? true, screen: painted?.screen, drawnAt: painted?.size });
  } finally {
    // A job still running is cancelled, so a save removes its partial file before we go.
    await jobs.stop();
    await dropKeptShell();
    if (paneUsed()) await endBuildPane(conn.endpoint());
    conn.stop();
    await history.flush();
  }
}
