interface Waiter<In, Out> {
  input: In;
  resolve(value: Out): void;
  reject(reason: unknown): void;
}

export interface KeyedBatcher<In, Out> {
  /** Resolves with this input's share of the read that serves it. */
  run(key: string, input: In): Promise<Out>;
  /** Keys with a read in flight (for tests and metrics). */
  readonly inFlight: number;
}

/**
 * Coalesces identical concurrent reads. The first caller of a key reads at once; callers of that
 * key arriving while the read is in flight wait for it and are then served together by ONE more
 * read (joining the read in flight would hand them a snapshot taken before they asked). `read`
 * receives every waiting input and returns how to answer each; it may throw for one input alone.
 * A key is forgotten once nobody waits on it.
 */
export function createKeyedBatcher<In, Out>(read: (key: string, inputs: In[]) => Promise<(input: In) => Out>, maxBatch = 1_000): KeyedBatcher<In, Out> {
  const queues = new Map<string, Waiter<In, Out>[]>();

  const drain = async (key: string, queue: Waiter<In, Out>[]) => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const answer = await read(key, batch.map((w) => w.input));
        for (const waiter of batch) {
          try {
            waiter.resolve(answer(waiter.input));
          } catch (error) {
            waiter.reject(error);
          }
        }
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    queues.delete(key);
  };

  return {
    run: (key, input) => new Promise<Out>((resolve, reject) => {
      const waiting = queues.get(key);
      if (waiting) {
        waiting.push({ input, resolve, reject });
        return;
      }
      const queue = [{ input, resolve, reject }];
      queues.set(key, queue);
      void drain(key, queue);
    }),
    get inFlight() {
      return queues.size;
    },
  };
}
