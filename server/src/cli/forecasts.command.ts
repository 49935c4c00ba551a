import type { DemandForecast } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { withTenantScope } from '../db/tenant-scope';
import { listItemForecasts } from '../domains/forecasting/demand-forecasts.repo';
import { runTenantForecast } from '../domains/forecasting/forecast.service';
import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { notFound } from '../errors/app.error';
import { closeRedis, connectRedis, createRedis } from '../redis/create-redis';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

const USAGE = 'forecasts run [--tenant <id>] | forecasts show <sku> [--site <id|code>] [--tenant <id>]';

/**
 * Runs the tenant's demand forecast in this process (the daily job's service, progress on stderr),
 * or shows an item's latest forecast per site.
 */
export const forecastsCommand: Command = {
  name: 'forecasts',
  usage: USAGE,
  summary: "forecast every active item's weekly demand now, or show an item's latest forecast",
  maxPositionals: 2,
  run: (args) => {
    const [action, sku] = args.positionals;
    if (action === 'run') {
      if (sku !== undefined) throw new CliUsageError(`forecasts run takes no SKU (got "${sku}"); usage: ${USAGE}`);
      return run(args);
    }
    if (action === 'show') {
      if (!sku) throw new CliUsageError(`forecasts show needs an item's SKU; usage: ${USAGE}`);
      return show(args, sku);
    }
    throw new CliUsageError(`forecasts needs run or show (got ${action ? `"${action}"` : 'nothing'}); usage: ${USAGE}`);
  },
};

function run({ config, options, progress }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async ({ db }) => {
    const tenantId = options.tenant ?? (await resolveTenantId(db));
    const redis = config.redisUrl ? createRedis(config.redisUrl) : null;
    try {
      if (redis && !(await connectRedis(redis))) progress('Redis is unreachable: the forecasts go to the database only');
      let shown = -1;
      const result = await runTenantForecast(db, tenantId, {
        redis: redis?.status === 'ready' ? redis : null,
        progress: async (fraction, note) => {
          const tenth = Math.floor(fraction * 10);
          if (tenth > shown) progress(`${tenth * 10}% ${note ?? ''}`.trimEnd());
          shown = tenth;
        },
      });
      const mase = result.accuracy.mase === null ? 'no backtest' : `mean MASE ${result.accuracy.mase.toFixed(3)}`;
      const extra = [result.skipped > 0 ? `${result.skipped} left out (a model failed)` : '', result.removed > 0 ? `${result.removed} no longer sold removed` : ''].filter(Boolean);
      return {
        json: { command: 'forecasts run', tenantId, ...result },
        text: `forecast ${result.items} item(s) from the week of ${result.firstWeek} (${mase}${extra.length > 0 ? `; ${extra.join('; ')}` : ''}); run ${result.runId}`,
      };
    } finally {
      if (redis) await closeRedis(redis);
    }
  });
}

function show({ config, options }: CommandArgs, sku: string): Promise<CommandResult> {
  return withDatabase(config, async ({ db }) => {
    const tenantId = options.tenant ?? (await resolveTenantId(db));
    const { itemId, forecasts } = await withTenantScope(db, tenantId, async (trx) => {
      const item = await trx.selectFrom('items').select('id').where('tenant_id', '=', tenantId).where('sku', '=', sku).executeTakeFirst();
      if (!item) throw notFound(`there is no item with SKU "${sku}" in tenant ${tenantId}`);
      const siteId = options.site === undefined ? undefined : await siteIdOf(trx, tenantId, options.site);
      return { itemId: item.id, forecasts: await listItemForecasts(trx, tenantId, item.id, siteId) };
    });
    const where = options.site ? ` at site ${options.site}` : '';
    return {
      json: { command: 'forecasts show', tenantId, sku, itemId, forecasts },
      text: forecasts.length > 0 ? forecasts.map((f) => describe(sku, f)).join('\n\n') : `no forecast for ${sku}${where} yet: run \`forecasts run\` (items sold in the last two years are forecast)`,
    };
  });
}

async function siteIdOf(db: Kysely<Database>, tenantId: string, site: string): Promise<string> {
  const row = await db.selectFrom('sites').select('id').where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('id', '=', site), eb('code', '=', site)])).executeTakeFirst();
  if (!row) throw new CliUsageError(`--site names no site of tenant ${tenantId} (got "${site}"); give its id or code`);
  return row.id;
}

function describe(sku: string, f: DemandForecast): string {
  const n = (v: number | null, digits = 2) => (v === null ? '–' : v.toFixed(digits));
  const weights = Object.entries(f.weights).filter(([, w]) => w > 0).map(([name, w]) => `${name} ${Math.round(w * 100)}%`).join(', ');
  const stockouts = f.history.filter((h) => h.stockout).length;
  return [
    `${sku} at ${f.siteId}: ${f.demandClass} demand, ${f.history.length} weeks of history (${stockouts} with stock-outs), made ${f.generatedAt.slice(0, 16).replace('T', ' ')}`,
    `accuracy: MASE ${n(f.accuracy.mase, 3)}, sMAPE ${n(f.accuracy.smape, 1)}, bias ${f.accuracy.bias === null ? '–' : `${(f.accuracy.bias * 100).toFixed(1)}%`}; weights: ${weights}`,
    'week        forecast   low 95%  high 95%',
    ...f.points.map((p) => `${p.period}  ${n(p.yhat).padStart(8)}  ${n(p.lo95).padStart(8)}  ${n(p.hi95).padStart(8)}`),
  ].join('\n');
}
