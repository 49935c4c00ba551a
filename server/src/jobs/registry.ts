import { compactTombstonesJob } from './compact-tombstones.job';
import type { JobDefinition } from './job';
import { seedDemoJob } from './seed-demo.job';

/** Every job the workers can run. Add each new `*.job.ts` here. */
export const jobs = [seedDemoJob, compactTombstonesJob] as const;

/**
 * The job called `name`, typed loosely: its input arrives from a queue as unknown and is parsed by
 * the job's own schema before `perform` sees it.
 */
export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((job) => job.name === name) as unknown as JobDefinition | undefined;
}
