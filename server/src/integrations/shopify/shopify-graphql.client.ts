import { z } from 'zod';
import { IntegrationError } from '../integration-error';
import { adminUrl, clampPageSize, type ShopifyApi, type ShopifyApiOptions, type ShopifyTarget } from './shopify-api';
import {
  cost, INVENTORY_ITEMS_QUERY, inventoryItemNodesSchema, LINES_PER_ORDER_PAGE, levelConnectionSchema, levelFromNode, LOCATION_LEVELS_QUERY,
  lineConnectionSchema, locationConnectionSchema, LOCATIONS_QUERY, MAX_QUERY_COST, ORDER_LINES_QUERY, orderFromNode, orderNodeSchema, ORDERS_QUERY,
  pageInfoSchema,
} from './shopify-graphql.queries';
import { readShopify, type ShopifyOrder } from './shopify.schemas';
import { shopifyRequest } from './shopify-http';
import { backoffMs, costDelayMs, type CostReading } from './shopify-rate-limits';

// The GraphQL Admin API (current): `first`/`after` cursor pages, and cost-based throttling read
// from `extensions.cost.throttleStatus` after every query, so the next query waits until its
// cost has been restored; a THROTTLED answer is waited out the same way and asked again.

const envelopeSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.union([z.string(), z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() }).loose())]).optional(),
  extensions: z.object({
    cost: z.object({
      throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
    }).loose().optional(),
  }).loose().optional(),
});

export interface GraphqlApiOptions extends ShopifyApiOptions {
  /** THROTTLED answers waited out before giving up with `rate_limited`. */
  throttleRetries?: number;
}

export function createGraphqlApi(target: ShopifyTarget, options: GraphqlApiOptions): ShopifyApi {
  const { transport } = options;
  const throttleRetries = options.throttleRetries ?? 10;
  let throttle: CostReading | null = null;

  async function query(document: string, variables: Record<string, unknown>, estimatedCost: number): Promise<Record<string, unknown>> {
    for (let throttled = 0; ; throttled += 1) {
      const wait = costDelayMs(throttle, transport.now(), estimatedCost);
      if (wait > 0) await transport.sleep(wait);
      const response = await shopifyRequest(transport, { url: adminUrl(target, 'graphql.json'), method: 'POST', accessToken: target.accessToken, body: { query: document, variables } }, options.policy);
      const body = readShopify(envelopeSchema, response.body, 'a GraphQL answer');
      const status = body.extensions?.cost?.throttleStatus;
      if (status) throttle = { ...status, at: transport.now() };
      const errors = typeof body.errors === 'string' ? [{ message: body.errors, extensions: undefined }] : (body.errors ?? []);
      if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
        if (throttled >= throttleRetries) {
          throw new IntegrationError('shopify', 'rate_limited', `Shopify kept throttling a query costing ${estimatedCost}`, { retryAfterMs: costDelayMs(throttle, transport.now(), estimatedCost) });
        }
        // Without a status to compute from, back off; with one, the next turn of the loop waits.
        if (!status) await transport.sleep(backoffMs(throttled + 1, 1_000));
        continue;
      }
      const first = errors[0];
      if (first) {
        const failure = first.extensions?.code === 'ACCESS_DENIED' ? 'auth' : 'bad_payload';
        throw new IntegrationError('shopify', failure, `Shopify refused a GraphQL query: ${first.message}${first.extensions?.code ? ` (${first.extensions.code})` : ''}`);
      }
      if (!body.data) throw new IntegrationError('shopify', 'bad_payload', 'Shopify answered a GraphQL query with neither data nor errors');
      return body.data;
    }
  }

  /** Every page of a connection at `path` of the answer (`['location', 'inventoryLevels']`). */
  async function* connection<S extends z.ZodType<{ nodes: unknown[]; pageInfo: z.infer<typeof pageInfoSchema> }>>(
    document: string, variables: Record<string, unknown>, estimatedCost: number, path: string[], schema: S, what: string,
  ): AsyncGenerator<z.output<S>> {
    let after: string | null = null;
    for (;;) {
      const data = await query(document, { ...variables, after }, estimatedCost);
      const raw = path.reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], data);
      const page = readShopify(schema, raw, what);
      yield page;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  }

  // An order with more lines than fit in the orders page gets the rest in pages of its own.
  async function remainingLines(orderGid: string, after: string): Promise<ShopifyOrder['lineItems']> {
    const lines: ShopifyOrder['lineItems'] = [];
    let cursor: string | null = after;
    while (cursor) {
      const data = await query(ORDER_LINES_QUERY, { id: orderGid, first: 250, after: cursor }, cost.orderLines(250));
      const page = readShopify(lineConnectionSchema, (data.order as Record<string, unknown> | null)?.lineItems, `the line items of ${orderGid}`);
      lines.push(...page.nodes);
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    return lines;
  }

  return {
    async *ordersUpdatedSince(since) {
      const perPage = Math.floor((MAX_QUERY_COST - 2) / (3 + LINES_PER_ORDER_PAGE));
      const first = Math.min(perPage, clampPageSize(options.pageSize, perPage));
      const variables = { first, lineFirst: LINES_PER_ORDER_PAGE, query: since ? `updated_at:>='${since}'` : null };
      const pageSchema = z.object({ nodes: z.array(orderNodeSchema), pageInfo: pageInfoSchema });
      for await (const page of connection(ORDERS_QUERY, variables, cost.orders(first, LINES_PER_ORDER_PAGE), ['orders'], pageSchema, 'a page of orders')) {
        const orders: ShopifyOrder[] = [];
        for (const node of page.nodes) {
          const more = node.lineItems.pageInfo.hasNextPage && node.lineItems.pageInfo.endCursor
            ? await remainingLines(node.id, node.lineItems.pageInfo.endCursor) : [];
          orders.push(orderFromNode(node, [...node.lineItems.nodes, ...more]));
        }
        yield orders;
      }
    },
    async *inventoryLevels() {
      const first = clampPageSize(options.pageSize, 250);
      for await (const locations of connection(LOCATIONS_QUERY, { first: 250 }, cost.locations(250), ['locations'], locationConnectionSchema, 'the list of locations')) {
        for (const location of locations.nodes) {
          const id = `gid://shopify/Location/${location.legacyResourceId}`;
          for await (const page of connection(LOCATION_LEVELS_QUERY, { id, first }, cost.locationLevels(first), ['location', 'inventoryLevels'], levelConnectionSchema, 'a page of inventory levels')) {
            yield page.nodes.map((node) => levelFromNode(node, location.legacyResourceId));
          }
        }
      }
    },
    async inventoryItemSkus(ids) {
      const skus = new Map<string, string | null>();
      for (let i = 0; i < ids.length; i += 100) {
        const batch = ids.slice(i, i + 100);
        const data = await query(INVENTORY_ITEMS_QUERY, { ids: batch.map((id) => `gid://shopify/InventoryItem/${id}`) }, cost.inventoryItems(batch.length));
        for (const node of readShopify(inventoryItemNodesSchema, data.nodes, 'inventory items')) if (node) skus.set(node.legacyResourceId, node.sku || null);
      }
      for (const id of ids) if (!skus.has(id)) skus.set(id, null);
      return skus;
    },
  };
}
