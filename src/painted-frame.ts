// The frame src/first-frame.ts drew before the app loaded, handed to the app (src/app-root.ts).
// A module of its own: the app takes the frame without loading the code that drew it.
import type { Endpoint } from './domain/connection/endpoint.js';
import type { EngineVersion } from './domain/images/details.js';
import type { FirstList } from './engine/first-list.js';
import type { FullScreen } from './ui/terminal.js';

/** A first frame on the screen, drawn before the app loaded: what it showed, for the app to take over. */
export interface PaintedFrame {
  endpoint: Endpoint;
  list: FirstList;
  /** The engine's version once it answered (the frame says "connecting…" until then). */
  version: EngineVersion | null;
  /** The alternate screen it entered (raw mode is on): the app's from here, left on every way out. */
  screen: FullScreen;
  /** The terminal's size it was drawn at. */
  size: { columns: number; rows: number };
}

// Held on the global object: dist/first-frame.js draws and holds it, the app's chunks take it
// (scripts/bundle-options.mjs): two bundles, no module shared between them.
const HELD = Symbol.for('imgsh.paintedFrame');
const holder = globalThis as { [HELD]?: PaintedFrame };

/** Called by the early frame once it is on the screen. */
export function holdPainted(frame: PaintedFrame): void {
  holder[HELD] = frame;
}

/** The painted frame, once: the app that takes it draws over it. */
export function takePainted(): PaintedFrame | null {
  const frame = holder[HELD] ?? null;
  delete holder[HELD];
  return frame;
}

