/**
 * Calls `fn` at most once per `ms` (the latest value wins); `flush` delivers a pending call.
 * Progress fires per 64 kB chunk: the app's store and a terminal need ten updates a second.
 */
export function throttle<T>(fn: (value: T) => void, ms = 100): { call(value: T): void; flush(): void } {
  let last = 0;
  let pending: { value: T } | null = null;
  return {
    call(value) {
      const now = Date.now();
      if (now - last >= ms) {
        last = now;
        pending = null;
        fn(value);
      } else {
        pending = { value };
      }
    },
    flush() {
      if (pending) fn(pending.value);
      pending = null;
    },
  };
}
