import { z } from 'zod';
import { refreshFinanceScope } from '../domains/working-capital/finance-scope.service';
import { listFinanceTenants } from '../domains/working-capital/finance-ledger.repo';
import { DEFAULT_RETRY, defineJob } from './job';

export const FINANCE_REFRESH_EVERY_MS = 24 * 3_600_000;

/**
 * Nightly: brings every tenant's finance scope in step with its books, and values the stock ledger
 * into inventory months (what a day's movements did to stock value and COGS). Scheduled with no
 * input it refreshes each tenant that keeps books here, one failure not stopping the others; with
 * a tenant (after a demo seed) just that one. Running it twice writes nothing the second time.
 */
export const financeRefreshJob = defineJob({
  name: 'finance-refresh',
  input: z.union([z.strictObject({ tenantId: z.string().min(1).max(200) }), z.strictObject({})]),
  retry: DEFAULT_RETRY,
  schedule: { everyMs: FINANCE_REFRESH_EVERY_MS, input: {} },
  async perform(input, ctx) {
    const tenants = 'tenantId' in input ? [input.tenantId] : await listFinanceTenants(ctx.db);
    const results: { tenantId: string; written?: number; error?: string }[] = [];
    for (const [i, tenantId] of tenants.entries()) {
      try {
        results.push({ tenantId, written: await refreshFinanceScope(ctx.db, tenantId, { inventory: true }) });
      } catch (error) {
        // One tenant's bad data must not keep the others stale; a lone tenant's failure is retried.
        if (tenants.length === 1) throw error;
        results.push({ tenantId, error: error instanceof Error ? error.message : String(error) });
      }
      await ctx.progress((i + 1) / tenants.length, `finance refreshed for ${i + 1} of ${tenants.length} tenants`);
    }
    ctx.log.info({ results }, 'finance scopes refreshed');
    return { results };
  },
});
