// One frame per resize (issue #12). Ink redraws from its own 'resize' listener with the tree as
// it was (the app's layout follows the store's size, dispatched on the same event), and the
// store's change then draws again: a narrower terminal got a clear and two frames. Ink is given
// stdout without that event: the store's size alone redraws, once. A narrower or shorter
// terminal still gets Ink's clean redraw: the app's frame fills the terminal, and Ink redraws
// from a cleared screen whenever the last frame was at least as tall as the terminal now is.

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
