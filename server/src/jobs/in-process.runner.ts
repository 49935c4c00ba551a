import { randomUUID } from 'node:crypto';
import { retryDelay, type JobDefinition } from './job';
import { findJobIn, idempotencyKeyOf, jobsOf, performJob, settleFailure, type JobCounts, type JobRunner, type JobRunnerDeps } from './job-runner';

interface Run {
  id: string;
  name: string;
  input: unknown;
  attempt: number;
  /** Deduplicates while queued or running: the idempotency key, or `schedule:<job>` for a scheduled run. */
  dedupeKey?: string;
}

/**
 * The embedded default: the same job files and rules as BullMQ (attempts, backoff, dead letters,
 * idempotency keys, schedules), run one at a time in this process. A retry waits out its backoff
 * on a timer, so other jobs run meanwhile. Nothing survives a restart: queued jobs are dropped
 * (logged) when the process stops, which is the trade of one machine without Redis.
 */
export function createInProcessRunner(deps: JobRunnerDeps): JobRunner & { idle(): Promise<void> } {
  const queue: Run[] = [];
  const delayed = new Map<NodeJS.Timeout, Run>();
  const pending = new Map<string, string>();
  const intervals: NodeJS.Timeout[] = [];
  let running: Run | null = null;
  let draining: Promise<void> | null = null;
  let started = false;
  let closed = false;
  let idleWaiters: (() => void)[] = [];
  const log = deps.logger.child({ runner: 'in-process' });

  function settleIdle(): void {
    if (queue.length > 0 || running || delayed.size > 0 || draining) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function add(run: Run): string {
    if (closed) throw new Error('the job runner is closed');
    const existing = run.dedupeKey ? pending.get(run.dedupeKey) : undefined;
    if (existing) return existing;
    if (run.dedupeKey) pending.set(run.dedupeKey, run.id);
    queue.push(run);
    drain();
    return run.id;
  }

  function done(run: Run): void {
    if (run.dedupeKey && pending.get(run.dedupeKey) === run.id) pending.delete(run.dedupeKey);
  }

  async function runOnce(run: Run): Promise<void> {
    const job = findJobIn(deps, run.name);
    const attempts = job?.retry.attempts ?? 1;
    try {
      await performJob({ name: run.name, input: run.input, jobId: run.id, attempt: run.attempt }, deps, { enqueue: (next, input) => runner.enqueue(next, input) });
      done(run);
    } catch (error) {
      const outcome = await settleFailure({ name: run.name, input: run.input, jobId: run.id, attempt: run.attempt, attempts, runKey: `in-process/${run.id}` }, error, deps);
      if (outcome === 'dead-lettered' || closed || !job) {
        done(run);
        return;
      }
      const timer = setTimeout(() => {
        delayed.delete(timer);
        queue.push({ ...run, attempt: run.attempt + 1 });
        drain();
        settleIdle();
      }, retryDelay(job.retry, run.attempt + 1, error));
      delayed.set(timer, run);
    }
  }

  function drain(): void {
    if (!started || closed || draining) return;
    draining = (async () => {
      for (let run = queue.shift(); run && !closed; run = queue.shift()) {
        running = run;
        try {
          await runOnce(run);
        } finally {
          running = null;
        }
      }
    })().finally(() => {
      draining = null;
      if (queue.length > 0 && !closed) drain();
      settleIdle();
    });
  }

  const runner: JobRunner & { idle(): Promise<void> } = {
    kind: 'in-process',
    async enqueue<TInput>(job: JobDefinition<TInput>, input: TInput) {
      const parsed = job.input.parse(input);
      return add({ id: randomUUID(), name: job.name, input: parsed, attempt: 1, dedupeKey: job.idempotencyKey?.(parsed) });
    },
    async requeue(name, input) {
      return add({ id: randomUUID(), name, input, attempt: 1, dedupeKey: idempotencyKeyOf(findJobIn(deps, name), input) });
    },
    async counts() {
      const byJob = new Map<string, JobCounts>();
      const count = (name: string, field: 'waiting' | 'active' | 'delayed') => {
        const row = byJob.get(name) ?? { job: name, waiting: 0, active: 0, delayed: 0 };
        row[field] += 1;
        byJob.set(name, row);
      };
      for (const run of queue) count(run.name, 'waiting');
      for (const run of delayed.values()) count(run.name, 'delayed');
      if (running) count(running.name, 'active');
      return [...byJob.values()].sort((a, b) => a.job.localeCompare(b.job));
    },
    async start() {
      started = true;
      drain();
    },
    async startSchedules() {
      const scheduled = jobsOf(deps).filter((job) => job.schedule);
      for (const job of scheduled) {
        const schedule = job.schedule!;
        // A run still queued or running is not queued again: a slow job does not pile up behind itself.
        const fire = () => {
          if (!closed) add({ id: randomUUID(), name: job.name, input: schedule.input, attempt: 1, dedupeKey: `schedule:${job.name}` });
        };
        fire();
        const interval = setInterval(fire, schedule.everyMs);
        interval.unref();
        intervals.push(interval);
      }
      return scheduled.map((job) => job.name);
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const interval of intervals) clearInterval(interval);
      for (const timer of delayed.keys()) clearTimeout(timer);
      const dropped = queue.length + delayed.size;
      await draining;
      if (dropped > 0) log.warn({ dropped: [...queue, ...delayed.values()].map((run) => run.name) }, 'stopped with jobs still queued: they are dropped (in-process jobs do not survive a stop)');
      queue.length = 0;
      delayed.clear();
      pending.clear();
      settleIdle();
    },
  };
  return runner;
}
