import { z } from 'zod';
import type { ShopifyInventoryLevel, ShopifyOrder } from './shopify.schemas';

// The GraphQL documents we send and the node shapes we read back. Costs follow Shopify's rule
// (an object 1, a connection 2 plus `first` times its nodes' cost), capped at 1,000 a query, so
// page sizes are chosen to stay under it.

export const MAX_QUERY_COST = 1_000;
export const LINES_PER_ORDER_PAGE = 25;

const LINE_FIELDS = 'id sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } }';

export const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $query: String, $lineFirst: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes {
      id legacyResourceId name createdAt updatedAt cancelledAt currencyCode
      totalPriceSet { shopMoney { amount currencyCode } }
      displayFinancialStatus displayFulfillmentStatus
      lineItems(first: $lineFirst) { nodes { ${LINE_FIELDS} } pageInfo { hasNextPage endCursor } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const ORDER_LINES_QUERY = `query OrderLines($id: ID!, $first: Int!, $after: String) {
  order(id: $id) { lineItems(first: $first, after: $after) { nodes { ${LINE_FIELDS} } pageInfo { hasNextPage endCursor } } }
}`;

export const LOCATIONS_QUERY = `query Locations($first: Int!, $after: String) {
  locations(first: $first, after: $after) { nodes { legacyResourceId } pageInfo { hasNextPage endCursor } }
}`;

export const LOCATION_LEVELS_QUERY = `query LocationLevels($id: ID!, $first: Int!, $after: String) {
  location(id: $id) {
    inventoryLevels(first: $first, after: $after) {
      nodes { updatedAt item { legacyResourceId sku } quantities(names: ["available"]) { name quantity } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const INVENTORY_ITEMS_QUERY = `query InventoryItems($ids: [ID!]!) {
  nodes(ids: $ids) { ... on InventoryItem { legacyResourceId sku } }
}`;

export const cost = {
  orders: (first: number, lineFirst: number) => 2 + first * (3 + lineFirst),
  orderLines: (first: number) => 3 + first,
  locations: (first: number) => 2 + first,
  locationLevels: (first: number) => 3 + first * 2,
  inventoryItems: (ids: number) => Math.max(1, ids),
};

const timestamp = z.iso.datetime({ offset: true });
const money = z.string().regex(/^-?\d+(\.\d+)?$/);
const legacyId = z.string().regex(/^\d+$/);
export const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const lineNode = z.object({
  id: z.string().regex(/^gid:\/\/shopify\/LineItem\/\d+$/),
  sku: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  originalUnitPriceSet: z.object({ shopMoney: z.object({ amount: money }) }),
}).transform((line) => ({ id: line.id.slice(line.id.lastIndexOf('/') + 1), sku: line.sku || null, quantity: line.quantity, price: line.originalUnitPriceSet.shopMoney.amount }));

export const lineConnectionSchema = z.object({ nodes: z.array(lineNode), pageInfo: pageInfoSchema });

export const orderNodeSchema = z.object({
  id: z.string(),
  legacyResourceId: legacyId,
  name: z.string().min(1),
  createdAt: timestamp,
  updatedAt: timestamp,
  cancelledAt: timestamp.nullable(),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
  totalPriceSet: z.object({ shopMoney: z.object({ amount: money }) }),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  lineItems: lineConnectionSchema,
});

/** A GraphQL order in the REST vocabulary the mapper reads (`PAID` → `paid`, `UNFULFILLED` → null). */
export function orderFromNode(node: z.output<typeof orderNodeSchema>, lineItems: ShopifyOrder['lineItems']): ShopifyOrder {
  const fulfillment = node.displayFulfillmentStatus.toLowerCase();
  return {
    id: node.legacyResourceId,
    name: node.name,
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    cancelledAt: node.cancelledAt,
    currency: node.currencyCode,
    totalPrice: node.totalPriceSet.shopMoney.amount,
    financialStatus: node.displayFinancialStatus?.toLowerCase() ?? null,
    fulfillmentStatus: fulfillment === 'unfulfilled' ? null : fulfillment === 'partially_fulfilled' ? 'partial' : fulfillment,
    lineItems,
  };
}

export const locationConnectionSchema = z.object({ nodes: z.array(z.object({ legacyResourceId: legacyId })), pageInfo: pageInfoSchema });

const levelNode = z.object({
  updatedAt: timestamp,
  item: z.object({ legacyResourceId: legacyId, sku: z.string().nullable() }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});

export const levelConnectionSchema = z.object({ nodes: z.array(levelNode), pageInfo: pageInfoSchema });

export function levelFromNode(node: z.output<typeof levelNode>, locationId: string): ShopifyInventoryLevel {
  return {
    inventoryItemId: node.item.legacyResourceId,
    locationId,
    available: node.quantities.find((q) => q.name === 'available')?.quantity ?? null,
    updatedAt: node.updatedAt,
    sku: node.item.sku || null,
  };
}

export const inventoryItemNodesSchema = z.array(z.object({ legacyResourceId: legacyId, sku: z.string().nullable() }).nullable());
