import type { PokeBus } from '../sync/poke-bus';
import type { JobProgress } from './job-runner';

/**
 * Sends job progress to the live stream of the job's tenant's devices (`event: job`), through the
 * poke bus, so it reaches every API instance's streams. A job across tenants has no audience.
 */
export function progressOnPokeBus(bus: PokeBus): (progress: JobProgress) => Promise<void> {
  return async (progress) => {
    if (!progress.tenantId) return;
    await bus.publish({
      tenantId: progress.tenantId, scopes: [],
      job: { job: progress.job, jobId: progress.jobId, fraction: progress.fraction, ...(progress.note ? { note: progress.note } : {}) },
    });
  };
}
