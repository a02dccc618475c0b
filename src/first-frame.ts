// The app's first frame, drawn before React and Ink load (issue #12: they take ~300 ms here): a
// start on a local engine with no settings shows its image list as soon as the engine answers,
// and the app, once loaded, draws the same frame over it (src/app-root.ts takes the hand-off: takePainted).
// Keys typed meanwhile wait in the terminal, in order, for the app: raw mode is on from here, so
// Ctrl-C is the app's quit, not a signal. Anything else (arguments, a config the quick reading
// is unsure of, a theme file of the user's, ssh or TCP, a slow engine) starts as before.
import { toRows } from './domain/images/image.js';
import { sortRows } from './domain/images/sort.js';
import { firstList } from './engine/first-list.js';
import { resolveEndpoint } from './engine/transport/resolve-endpoint.js';
import { quickSettings } from './shell/quick-settings.js';
import { withoutColor } from './shell/theme-colorless.js';
import { endpointLabel } from './store/connection.js';
import { screenLayout } from './ui/layout.js';
import { enterFullScreen } from './ui/terminal.js';
import { holdPainted, type PaintedFrame } from './painted-frame.js';

/**
 * How long the early frame waits for the list before it leaves the start to the app. The app
 * begins to load only after, so this is what a start on a slow local engine loses: a local engine
 * lists 1,000 tags in 4–8 ms here, and one that is refused or gone fails at once.
 */
const ENGINE_WAIT_MS = 250;

export async function paintFirst(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (argv.length > 0 || !process.stdin.isTTY || !process.stdout.isTTY) return;
  const settings = quickSettings(env);
  if (!settings) return;
  const size = { columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 };
  if (screenLayout(size).tooSmall) return;
  let endpoint;
  try {
    endpoint = resolveEndpoint({});
  } catch {
    return; // the app says what is wrong
  }
  if (endpoint.kind !== 'unix') return;
  // On a terminal the app draws even where CI variables are set: chalk reads them when it loads
  // (as Ink does, src/app-root.ts), so they go before it does.
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) delete env[k];
  const [list, { firstFrameLines }] = await Promise.all([firstList(endpoint, ENGINE_WAIT_MS), import('./ui/first-frame/frame-lines.js')]);
  if (!list) return;
  const label = endpointLabel(endpoint);
  const lines = firstFrameLines({
    size,
    rows: sortRows(toRows(list.images, list.counts), 'created'),
    connection: { status: 'connecting', context: label.context, endpoint: label.endpoint, version: null, error: null },
    theme: env.NO_COLOR ? withoutColor(settings.theme) : settings.theme,
    keymap: settings.keymap,
    nowMs: Math.floor(Date.now() / 1000) * 1000,
  });
  // keys from now on wait for the app, as bytes: Ctrl-C too
  process.stdin.setRawMode(true);
  const screen = enterFullScreen(process.stdout, { mouse: settings.mouse });
  process.stdout.write(`\x1b[?25l${lines.map((line, i) => `\x1b[${i + 1};1H${line}`).join('')}\x1b[H`);
  const painted: PaintedFrame = { endpoint, list, screen, size, version: null };
  holdPainted(painted);
  void list.version.then((version) => (painted.version = version));
}
