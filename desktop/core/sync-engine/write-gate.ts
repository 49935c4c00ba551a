/** Thrown to a write that was held for an update and will not run: the app is closing to install it. */
export class WriteGateClosedError extends Error {
  override readonly name = 'WriteGateClosedError';
  constructor() {
    super('The app is restarting to install an update; nothing was recorded. Do it again once it has restarted.');
  }
}

/**
 * Lets an update install between writes, never during one. Local writes (a queued command) and
 * pull page applies run through `run`; `quiesce` waits for those in flight to end and holds new
 * ones until `resume`, or rejects them once `close` says the process is going away.
 */
export interface WriteGate {
  run<T>(write: () => Promise<T>): Promise<T>;
  /** Holds new writes and waits up to `timeoutMs` for those in flight: true when none is left. */
  quiesce(timeoutMs: number): Promise<boolean>;
  resume(): void;
  /** Rejects held and future writes with `WriteGateClosedError`. */
  close(): void;
  inFlight(): number;
}

export function createWriteGate(): WriteGate {
  let inFlight = 0;
  let held = false;
  let closed = false;
  let waiters: Array<{ go(): void; fail(error: Error): void }> = [];
  let drained: Array<() => void> = [];

  const settle = () => {
    if (inFlight > 0) return;
    for (const wake of drained.splice(0)) wake();
  };
  const admit = (): Promise<void> => {
    if (closed) return Promise.reject(new WriteGateClosedError());
    if (!held) return Promise.resolve();
    return new Promise((go, fail) => waiters.push({ go, fail }));
  };

  return {
    async run(write) {
      await admit();
      inFlight += 1;
      try {
        return await write();
      } finally {
        inFlight -= 1;
        settle();
      }
    },
    quiesce(timeoutMs) {
      held = true;
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          drained = drained.filter((wake) => wake !== done);
          resolve(inFlight === 0);
        }, timeoutMs);
        drained.push(done);
      });
    },
    resume() {
      held = false;
      const admitted = waiters;
      waiters = [];
      for (const waiter of admitted) waiter.go();
    },
    close() {
      closed = true;
      const refused = waiters;
      waiters = [];
      for (const waiter of refused) waiter.fail(new WriteGateClosedError());
    },
    inFlight: () => inFlight,
  };
}
