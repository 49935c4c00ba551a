import { amazonInventorySyncJob } from '../integrations/amazon/amazon-inventory-sync.job';
import { amazonOrdersSyncJob } from '../integrations/amazon/amazon-orders-sync.job';
import { amazonSyncJob } from '../integrations/amazon/amazon-sync.job';
import { compactTombstonesJob } from './compact-tombstones.job';
import { financeRefreshJob } from './finance-refresh.job';
import { financeReportJob } from './finance-report.job';
import { forecastJob } from './forecast.job';
import { importJob } from './import.job';
import type { JobDefinition } from './job';
import { seedDemoJob } from './seed-demo.job';
import { unleashedSyncAllJob } from '../integrations/unleashed/unleashed-sync-all.job';
import { unleashedSyncJob } from '../integrations/unleashed/unleashed-sync.job';
import { xeroDeltaSyncJob } from '../integrations/xero/xero-delta-sync.job';
import { xeroFullSyncJob } from '../integrations/xero/xero-full-sync.job';
import { shopifyInventorySyncJob } from '../integrations/shopify/shopify-inventory-sync.job';
import { shopifyOrdersSyncJob } from '../integrations/shopify/shopify-orders-sync.job';
import { shopifyPollJob } from '../integrations/shopify/shopify-poll.job';
import { shopifyWebhookJob } from '../integrations/shopify/shopify-webhook.job';

/** Every job the workers can run. Add each new `*.job.ts` here. */
export const jobs = [seedDemoJob, compactTombstonesJob, amazonSyncJob, amazonOrdersSyncJob, amazonInventorySyncJob, importJob, xeroFullSyncJob, xeroDeltaSyncJob, unleashedSyncJob, unleashedSyncAllJob,
  shopifyWebhookJob, shopifyOrdersSyncJob, shopifyInventorySyncJob, shopifyPollJob, forecastJob, financeRefreshJob, financeReportJob] as const;

/**
 * The job called `name`, typed loosely: its input arrives from a queue as unknown and is parsed by
 * the job's own schema before `perform` sees it.
 */
export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((job) => job.name === name) as unknown as JobDefinition | undefined;
}
