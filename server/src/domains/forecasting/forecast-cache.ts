import { demandForecastId, demandForecastSchema, type DemandForecast } from '@capliquify/shared';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Hot results in Redis: one key per tenant, site and item holding the document as JSON. The daily
 * run rewrites them; the TTL outlives a missed day or two, after which PostgreSQL answers.
 */
export const FORECAST_CACHE_TTL_SECONDS = 3 * 24 * 3_600;
const PREFIX = 'capliquify:forecast:';
const PIPELINE_CHUNK = 500;

export function forecastCacheKey(tenantId: string, siteId: string, itemId: string): string {
  return `${PREFIX}${tenantId}:${demandForecastId(siteId, itemId)}`;
}

/** Writes the documents with the TTL; `evict` names keys to drop (forecasts a run did not renew). */
export async function cacheForecasts(
  redis: Redis, tenantId: string, documents: readonly DemandForecast[], evict: readonly { siteId: string; itemId: string }[] = [],
): Promise<void> {
  for (let i = 0; i < documents.length; i += PIPELINE_CHUNK) {
    const pipeline = redis.pipeline();
    for (const d of documents.slice(i, i + PIPELINE_CHUNK)) {
      pipeline.set(forecastCacheKey(tenantId, d.siteId, d.itemId), JSON.stringify(d), 'EX', FORECAST_CACHE_TTL_SECONDS);
    }
    await execOrThrow(pipeline);
  }
  for (let i = 0; i < evict.length; i += PIPELINE_CHUNK) {
    await redis.del(...evict.slice(i, i + PIPELINE_CHUNK).map((k) => forecastCacheKey(tenantId, k.siteId, k.itemId)));
  }
}

async function execOrThrow(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0]!;
}

/**
 * The cached document, or null on a miss. Redis is a cache here: when it is away or holds
 * something unreadable the caller reads PostgreSQL, so a failure is logged, never thrown.
 */
export async function readCachedForecast(redis: Redis, tenantId: string, siteId: string, itemId: string, log?: Logger): Promise<DemandForecast | null> {
  let text: string | null;
  try {
    text = await redis.get(forecastCacheKey(tenantId, siteId, itemId));
  } catch (error) {
    log?.warn({ err: error }, 'forecast cache unreachable; reading PostgreSQL');
    return null;
  }
  if (text === null) return null;
  try {
    const parsed = demandForecastSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through: not JSON.
  }
  log?.warn({ siteId, itemId }, 'unreadable forecast in the cache; reading PostgreSQL');
  return null;
}

/** How long a document a read put back stays: short, as the read may have raced a run. */
export const FORECAST_REFILL_TTL_SECONDS = 3_600;

/**
 * Puts one document read from PostgreSQL back in the cache (after Redis lost it), only where the
 * key is still empty: a run that wrote a newer one meanwhile wins. A failure only costs the next
 * read a trip to PostgreSQL.
 */
export async function refillCachedForecast(redis: Redis, tenantId: string, document: DemandForecast, log?: Logger): Promise<void> {
  try {
    await redis.set(forecastCacheKey(tenantId, document.siteId, document.itemId), JSON.stringify(document), 'EX', FORECAST_REFILL_TTL_SECONDS, 'NX');
  } catch (error) {
    log?.warn({ err: error }, 'could not refill the forecast cache');
  }
}
