/** At most `limit` holders at once; the others wait in arrival order. */
export function createSemaphore(limit: number): { run<T>(work: () => Promise<T>): Promise<T>; readonly active: number } {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    get active() { return active; },
    async run(work) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active += 1;
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
        if (next) next();
        else active -= 1;
      }
    },
  };
}
