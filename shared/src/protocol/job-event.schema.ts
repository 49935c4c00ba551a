import { z } from 'zod';

/**
 * `event: job` on a device's live stream (`GET /events`): how far a background job of the
 * device's tenant got (an import, a sync). Desktops that predate it ignore event kinds they do
 * not know.
 */
export const jobEventSchema = z.object({
  job: z.string(),
  jobId: z.string(),
  /** 0–1. */
  fraction: z.number().min(0).max(1),
  note: z.string().optional(),
  tenantId: z.string(),
});
export type JobEvent = z.infer<typeof jobEventSchema>;
