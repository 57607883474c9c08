/**
 * Starts consuming `source` now and replays it later: lets the next sentence's synthesis run while
 * the current one plays. An error of the source is re-thrown to the reader at the point it happened.
 */
export function prefetch<T>(source: Promise<AsyncIterable<T>>): AsyncIterable<T> {
  const items: T[] = [];
  let done = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  void (async () => {
    try {
      for await (const item of await source) {
        items.push(item);
        notify();
      }
    } catch (error) {
      failure = { error };
    }
    done = true;
    notify();
  })();
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (items.length > 0) {
          yield items.shift() as T;
          continue;
        }
        if (done) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
