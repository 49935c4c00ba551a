import type { z } from 'zod';
import { IntegrationError } from '../integration-error';
import type { Clock } from './amazon-clock';
import { SpApiRequestError, type SpApiGet } from './sp-api.http';
import {
  spApiInventoryAnswerSchema, spApiOrdersAnswerSchema, type SpApiInventorySummary, type SpApiOrder,
} from './sp-api.schemas';

/** Amazon refuses a `…Before` bound later than two minutes ago; the extra 30 s absorbs clock skew. */
export const BEFORE_MARGIN_MS = 150_000;
const MAX_PAGE_SIZE = 100;
const MAX_LISTING_RESTARTS = 3;

export interface OrdersPage { orders: SpApiOrder[] }
export interface InventoryPage { summaries: SpApiInventorySummary[]; restarted: boolean }

export interface OrdersQuery {
  marketplaceIds: string[];
  /** Exactly one: orders changed since, or orders placed since. */
  since: { lastUpdatedAfter: Date } | { createdAfter: Date };
  pageSize?: number;
}

export interface SpApiClient {
  /**
   * Every order of the window, page by page (`NextToken`). `before` is the window's upper bound
   * (two and a half minutes ago): the next delta starts there. Null when the window is empty.
   */
  listOrders(query: OrdersQuery): { before: Date | null; pages: AsyncGenerator<OrdersPage> };
  /**
   * Every FBA inventory summary of one marketplace, page by page (`nextToken`). The token dies
   * after 30 s, so the caller must take each page promptly; an expired token restarts the listing
   * (`restarted` on the first page of the new pass).
   */
  inventorySummaries(marketplaceId: string): AsyncGenerator<InventoryPage>;
}

export function createSpApiClient(get: SpApiGet, clock: Clock): SpApiClient {
  return {
    listOrders(query) {
      const before = new Date(Math.floor((clock.now() - BEFORE_MARGIN_MS) / 1000) * 1000);
      const after = 'lastUpdatedAfter' in query.since ? query.since.lastUpdatedAfter : query.since.createdAfter;
      if (after.getTime() >= before.getTime()) return { before: null, pages: emptyPages() };
      const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, query.pageSize ?? MAX_PAGE_SIZE));
      const first = new URLSearchParams({ MarketplaceIds: query.marketplaceIds.join(','), MaxResultsPerPage: String(pageSize) });
      if ('lastUpdatedAfter' in query.since) {
        first.set('LastUpdatedAfter', iso(after));
        first.set('LastUpdatedBefore', iso(before));
      } else {
        first.set('CreatedAfter', iso(after));
        first.set('CreatedBefore', iso(before));
      }
      async function* pages(): AsyncGenerator<OrdersPage> {
        let params = first;
        for (;;) {
          const answer = parse(spApiOrdersAnswerSchema, await get('getOrders', '/orders/v0/orders', params), 'getOrders');
          yield { orders: answer.payload.Orders };
          const next = answer.payload.NextToken;
          if (!next) return;
          // With a NextToken Amazon ignores the other filters; MarketplaceIds stays required.
          params = new URLSearchParams({ MarketplaceIds: first.get('MarketplaceIds') ?? '', NextToken: next });
        }
      }
      return { before, pages: pages() };
    },

    async *inventorySummaries(marketplaceId) {
      const base = { granularityType: 'Marketplace', granularityId: marketplaceId, marketplaceIds: marketplaceId, details: 'true' };
      let restarts = 0;
      let nextToken: string | undefined;
      let restarted = false;
      for (;;) {
        const params = new URLSearchParams(nextToken ? { ...base, nextToken } : base);
        let raw: unknown;
        try {
          raw = await get('getInventorySummaries', '/fba/inventory/v1/summaries', params);
        } catch (error) {
          if (!nextToken || !isExpiredNextToken(error)) throw error;
          restarts += 1;
          if (restarts > MAX_LISTING_RESTARTS) {
            throw new IntegrationError('amazon', 'unavailable', `The FBA inventory listing of ${marketplaceId} kept losing its nextToken (${restarts} restarts).`);
          }
          nextToken = undefined;
          restarted = true;
          continue;
        }
        const answer = parse(spApiInventoryAnswerSchema, raw, 'getInventorySummaries');
        yield { summaries: answer.payload.inventorySummaries, restarted };
        restarted = false;
        nextToken = answer.pagination?.nextToken;
        if (!nextToken) return;
      }
    },
  };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, operation: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`).join('; ');
  throw new IntegrationError('amazon', 'bad_payload', `SP-API answered ${operation} with a payload we cannot read (${problems}).`);
}

function isExpiredNextToken(error: unknown): boolean {
  return error instanceof SpApiRequestError && error.errors.some((entry) => /next ?token/i.test(`${entry.message} ${entry.details ?? ''}`));
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function* emptyPages(): AsyncGenerator<OrdersPage> {
  // An empty window: nothing to ask Amazon.
}
