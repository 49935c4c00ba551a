import { fork, type ChildProcess } from 'node:child_process';

export interface BenchChild<Req, Rep extends { type: string }> {
  pid: number;
  send(request: Req): void;
  /** The next report of `type`, or a rejection after `timeoutMs` or when the child exits. */
  next<T extends Rep['type']>(type: T, timeoutMs: number): Promise<Extract<Rep, { type: T }>>;
  /** Asks nicely, then SIGKILL after a grace period. */
  stop(exitRequest: Req): Promise<void>;
}

/**
 * Forks a TypeScript child through tsx's loader (not `npx tsx`, whose pid would be a wrapper), so
 * the pid is the process whose memory the bench samples, with an IPC channel for reports.
 */
export function forkBenchChild<Req, Rep extends { type: string }>(file: string): BenchChild<Req, Rep> {
  // The child's stdout goes to our stderr: stdout carries nothing but the final JSON line.
  const child: ChildProcess = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
  const queue: Rep[] = [];
  const waiters = new Set<() => void>();
  let exited = false;
  child.on('message', (message) => {
    queue.push(message as Rep);
    for (const wake of [...waiters]) wake();
  });
  child.on('exit', () => {
    exited = true;
    for (const wake of [...waiters]) wake();
  });
  return {
    pid: child.pid ?? -1,
    send: (request) => child.send(request as object),
    next: (type, timeoutMs) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no "${type}" from ${file} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const at = queue.findIndex((m) => m.type === type);
        if (at >= 0) return finish(null, queue.splice(at, 1)[0]);
        if (exited) finish(new Error(`${file} exited before reporting "${type}"`));
      };
      const finish = (error: Error | null, message?: Rep) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve(message as Extract<Rep, { type: typeof type }>);
      };
      waiters.add(check);
      check();
    }),
    stop: async (exitRequest) => {
      if (exited) return;
      if (child.connected) child.send(exitRequest as object);
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
