/** An async stream that can be cancelled; iteration ends when it is closed or the link drops. */
export interface Cancellable<T> extends AsyncIterable<T> {
  close(): void;
}


/** The producer side of a Cancellable: push items, end (with an error or not). */
export interface Channel<T> {
  push(item: T): void;
  end(err?: Error): void;
  readonly stream: Cancellable<T>;
}

/**
 * A queue that producers push into and one consumer iterates. `stream.close()` (or leaving a
 * for-await early) drops what is queued, ends iteration and calls `onClose` once.
 */
export function createChannel<T>(onClose: () => void): Channel<T> {
  const queue: T[] = [];
  let ended = false;
  let closed = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const end = (err?: Error) => {
    if (ended) return;
    if (err) failure = err;
    ended = true;
    notify();
  };
  const close = () => {
    queue.length = 0;
    end();
    if (closed) return;
    closed = true;
    onClose();
  };
  return {
    push(item) {
      if (ended) return;
      queue.push(item);
      notify();
    },
    end,
    stream: {
      close,
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            if (queue.length > 0) yield queue.shift() as T;
            else if (ended) {
              if (failure) throw failure;
              return;
            } else await new Promise<void>((r) => (wake = r));
          }
        } finally {
          close();
        }
      },
    },
  };
}
