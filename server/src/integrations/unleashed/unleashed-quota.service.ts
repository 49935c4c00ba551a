import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { IntegrationError } from '../integration-error';
import type { Integration } from '../integrations.repo';
import type { CallQuota } from './unleashed.client';
import { clearStaleQuotaNote, countCall, markVendorRefused, raiseWarnedLevel, readMonthUsage, setQuotaNote, type CallKey } from './unleashed-quota.repo';
import { nextQuotaReset, quotaLevel, quotaPeriod } from './unleashed-quota.rules';

export interface QuotaOptions {
  /** The account's monthly call quota (settings.monthlyQuota); null counts calls without a limit of our own. */
  monthlyQuota: number | null;
  log: Logger;
  now?: () => Date;
}

/**
 * The monthly quota of one Unleashed integration, counted in the database so every worker and
 * API instance shares one count: each call is counted before it is made; at 80 %, 95 % and 100 %
 * a warning goes to the log and onto the integration (`settings.quotaWarning`, which the admin
 * screens show); a spent month refuses calls with 'quota_spent' until the 1st of the next month.
 */
export function createCallQuota(db: Kysely<Database>, integration: Pick<Integration, 'id' | 'tenant_id'>, options: QuotaOptions): CallQuota {
  const now = options.now ?? (() => new Date());
  const quota = options.monthlyQuota;
  const keyAt = (at: Date): CallKey => ({ tenantId: integration.tenant_id, integrationId: integration.id, period: quotaPeriod(at) });

  async function warn(key: CallKey, calls: number, percent: number, at: Date, message: string): Promise<void> {
    options.log.warn({ integrationId: integration.id, period: key.period, calls, quota, percent }, message);
    await setQuotaNote(db, integration.id, { period: key.period, percent, calls, quota, at: at.toISOString(), message });
  }

  return {
    async take() {
      const at = now();
      const key = keyAt(at);
      const counted = await countCall(db, key, quota);
      if (!counted) {
        const usage = await readMonthUsage(db, integration.id, key.period);
        const reset = nextQuotaReset(at);
        const why = usage.vendorRefused ? 'Unleashed said the monthly API quota is spent' : `the monthly API quota is spent (${usage.calls} of ${quota} calls)`;
        throw new IntegrationError('unleashed', 'quota_spent', `Not calling Unleashed: ${why} for ${key.period}; calls resume ${reset.toISOString()}`, {
          retryAfterMs: reset.getTime() - at.getTime(),
        });
      }
      // The first call of a month: last month's warning no longer applies.
      if (counted.calls === 1) await clearStaleQuotaNote(db, integration.id, key.period);
      if (quota === null) return;
      const level = quotaLevel(counted.calls, quota);
      if (level > counted.warnedPct && await raiseWarnedLevel(db, key, level)) {
        const message = level >= 100
          ? `Unleashed API quota spent: ${counted.calls} of ${quota} calls in ${key.period}; syncing stops until ${nextQuotaReset(at).toISOString()}`
          : `Unleashed API quota at ${level} %: ${counted.calls} of ${quota} calls used in ${key.period}`;
        await warn(key, counted.calls, level, at, message);
      }
    },
    async markSpent() {
      const at = now();
      const key = keyAt(at);
      await markVendorRefused(db, key);
      const { calls } = await readMonthUsage(db, integration.id, key.period);
      await warn(key, calls, 100, at, `Unleashed says the monthly API quota is spent (${calls} calls counted here in ${key.period}); syncing stops until ${nextQuotaReset(at).toISOString()}`);
    },
  };
}
