import type { JobEvent } from '@capliquify/shared';

export interface JobProgress extends JobEvent {
  /** When this station heard the latest event, ISO. */
  receivedAt: string;
  /** Grows with every event heard, so a screen asks only for what changed since its last look. */
  seq: number;
}

/**
 * The latest progress of each background job the live stream reported, in memory only: the
 * screens poll it, and a job's outcome is the server's to keep (imports.get, dead letters).
 * Bounded: the oldest jobs are forgotten past `keep`.
 */
export function createJobEventsStore({ keep = 200, now = () => new Date() }: { keep?: number; now?: () => Date } = {}) {
  const jobs = new Map<string, JobProgress>();
  let seq = 0;
  return {
    record(event: JobEvent): void {
      seq += 1;
      jobs.delete(event.jobId);
      jobs.set(event.jobId, { ...event, receivedAt: now().toISOString(), seq });
      if (jobs.size > keep) jobs.delete(jobs.keys().next().value!);
    },
    /** Jobs whose progress changed after `since` (all with 0), newest last, and the sequence to ask from next. */
    since(since = 0): { jobs: JobProgress[]; seq: number } {
      return { jobs: [...jobs.values()].filter((j) => j.seq > since), seq };
    },
  };
}

export type JobEventsStore = ReturnType<typeof createJobEventsStore>;
