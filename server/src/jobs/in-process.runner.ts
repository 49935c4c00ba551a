import { randomUUID } from 'node:crypto';
import { backoffDelay, type RetryOptions } from './job';
import { performJob, type JobRunner, type JobRunnerDeps } from './job-runner';

interface Queued {
  id: string;
  name: string;
  input: unknown;
  retry: RetryOptions;
}

/**
 * The embedded default: the same job files, run one at a time in this process, with the jobs' own
 * retry and backoff. Nothing survives a restart, which is fine for one machine and demo seeding.
 */
export function createInProcessRunner(deps: JobRunnerDeps): JobRunner & { idle(): Promise<void> } {
  const queue: Queued[] = [];
  let started = false;
  let closed = false;
  let draining: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let wakeBackoff: (() => void) | undefined;
  const log = deps.logger.child({ runner: 'in-process' });

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    wakeBackoff = resolve;
    timer = setTimeout(resolve, ms);
  });

  async function runOne(item: Queued): Promise<void> {
    const { attempts } = item.retry;
    for (let attempt = 1; attempt <= attempts && !closed; attempt += 1) {
      if (attempt > 1) await sleep(backoffDelay(item.retry, attempt));
      if (closed) return;
      try {
        await performJob(item.name, item.input, { jobId: item.id, attempt }, deps);
        return;
      } catch (error) {
        log.warn({ err: error, job: item.name, jobId: item.id, attempt }, attempt < attempts ? 'job failed; will retry' : 'job failed for good');
      }
    }
  }

  function drain(): void {
    if (!started || closed || draining) return;
    draining = (async () => {
      for (let item = queue.shift(); item && !closed; item = queue.shift()) await runOne(item);
    })().finally(() => {
      draining = null;
      if (queue.length > 0) drain();
    });
  }

  return {
    kind: 'in-process',
    async enqueue(job, input) {
      if (closed) throw new Error('the job runner is closed');
      const id = randomUUID();
      queue.push({ id, name: job.name, input: job.input.parse(input), retry: job.retry });
      drain();
      return id;
    },
    async start() {
      started = true;
      drain();
    },
    async idle() {
      while (draining) await draining;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      wakeBackoff?.();
      await draining;
      queue.length = 0;
    },
  };
}
