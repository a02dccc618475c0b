// One frame per resize (issue #12). Ink redraws from its own 'resize' listener with the tree as
// it was (the app's layout follows the store's size, dispatched on the same event), and the
// store's change then draws again: a narrower terminal got Ink's clear and two frames. Ink is
// given stdout without that event; the app clears as Ink would and dispatches the size, and
// React's commit draws the one frame.

const LISTENING = new Set(['on', 'addListener', 'once', 'prependListener', 'prependOnceListener', 'off', 'removeListener']);

/** `stdout` as Ink sees it: the same stream, except that listeners for 'resize' are not attached. */
export function withoutResizeEvents(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  const proxy: NodeJS.WriteStream = new Proxy(stdout, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (typeof key === 'string' && LISTENING.has(key)) {
        return (event: string | symbol, listener: (...args: unknown[]) => void) => {
          if (event !== 'resize') value.call(target, event, listener);
          return proxy;
        };
      }
      return value.bind(target);
    },
  });
  return proxy;
}

/**
 * What Ink's own resize listener did before drawing, for the app to do: a narrower terminal may
 * have wrapped the old frame's lines, so they are cleared first (`clear`: Ink's instance.clear).
 */
export function resizeHandler(stdout: NodeJS.WriteStream, clear: () => void, dispatchSize: () => void): () => void {
  let columns = stdout.columns;
  return () => {
    if (stdout.columns < columns) clear();
    columns = stdout.columns;
    dispatchSize();
  };
}
