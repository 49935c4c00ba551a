import { z } from 'zod';
import { IntegrationError } from '../integration-error';

// The Shopify shapes we read, whichever way they arrive (REST page, GraphQL node, webhook body),
// normalised to one form. Ids are kept as strings: Shopify's 64-bit ids can exceed what a JSON
// number holds exactly, so the `admin_graphql_api_id` string wins when a payload carries it.

export const SHOPIFY_API_VERSION = '2026-01';
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** One order, as the mapper takes it (money still as Shopify's decimal strings). */
export interface ShopifyOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  currency: string;
  totalPrice: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  lineItems: { id: string; sku: string | null; quantity: number; price: string }[];
}

/** How many of an inventory item are available at one location; `sku` once known. */
export interface ShopifyInventoryLevel {
  inventoryItemId: string;
  locationId: string;
  available: number | null;
  updatedAt: string;
  sku?: string | null;
}

const timestamp = z.iso.datetime({ offset: true });
const money = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal amount in a string');
// Not `.int()`: zod's int stops at 2^53, and a larger id must reach exactId to be judged there.
const numericId = z.union([z.number().nonnegative().refine(Number.isInteger, 'must be a whole number'), z.string().regex(/^\d+$/)]);
const gid = z.string().regex(/^gid:\/\/shopify\/\w+\/\d+/).optional();

/** The id as exact digits: from the gid when present, else the number when it is exact. */
function exactId(id: number | string, graphqlId: string | undefined, ctx: z.RefinementCtx): string {
  const fromGid = graphqlId ? /\/(\d+)(?:\?|$)/.exec(graphqlId)?.[1] : undefined;
  if (fromGid) return fromGid;
  if (typeof id === 'string') return id;
  if (Number.isSafeInteger(id)) return String(id);
  ctx.addIssue({ code: 'custom', message: `id ${id} is too large to read exactly and no admin_graphql_api_id came with it` });
  return z.NEVER;
}

const restLineItem = z.object({
  id: numericId,
  admin_graphql_api_id: gid,
  sku: z.string().nullable().optional(),
  quantity: z.number().int().nonnegative(),
  price: money,
}).transform((line, ctx) => ({ id: exactId(line.id, line.admin_graphql_api_id, ctx), sku: line.sku || null, quantity: line.quantity, price: line.price }));

/** An order from REST (`orders.json`) or an `orders/*` webhook body. */
export const restOrderSchema = z.object({
  id: numericId,
  admin_graphql_api_id: gid,
  name: z.string().min(1),
  created_at: timestamp,
  updated_at: timestamp,
  cancelled_at: timestamp.nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  total_price: money,
  financial_status: z.string().nullable().optional(),
  fulfillment_status: z.string().nullable().optional(),
  line_items: z.array(restLineItem),
}).transform((o, ctx): ShopifyOrder => ({
  id: exactId(o.id, o.admin_graphql_api_id, ctx),
  name: o.name,
  createdAt: o.created_at,
  updatedAt: o.updated_at,
  cancelledAt: o.cancelled_at ?? null,
  currency: o.currency,
  totalPrice: o.total_price,
  financialStatus: o.financial_status ?? null,
  fulfillmentStatus: o.fulfillment_status ?? null,
  lineItems: o.line_items,
}));

/** An inventory level from REST (`inventory_levels.json`) or an `inventory_levels/update` webhook body. */
export const restInventoryLevelSchema = z.object({
  inventory_item_id: numericId,
  location_id: numericId,
  available: z.number().int().nullable(),
  updated_at: timestamp,
  // `gid://shopify/InventoryLevel/<location id>?inventory_item_id=<item id>`: both ids exactly.
  admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/InventoryLevel\/\d+\?inventory_item_id=\d+$/).optional(),
}).transform((l, ctx): ShopifyInventoryLevel => {
  const gidIds = l.admin_graphql_api_id ? /\/(\d+)\?inventory_item_id=(\d+)$/.exec(l.admin_graphql_api_id) : null;
  return {
    inventoryItemId: gidIds?.[2] ?? exactId(l.inventory_item_id, undefined, ctx),
    locationId: gidIds?.[1] ?? exactId(l.location_id, undefined, ctx),
    available: l.available,
    updatedAt: l.updated_at,
  };
});

/** A connected store's non-secret settings (`integrations.settings`); the access token is sealed apart. */
export const shopifySettingsSchema = z.object({
  /** Where the Admin API is; `https://<shop>` unless pointed at the fake server (tests, demo). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiVersion: z.string().regex(/^\d{4}-\d{2}$/).default(SHOPIFY_API_VERSION),
  /** GraphQL is current; some stores' apps still use REST (legacy since 2024-10). */
  api: z.enum(['graphql', 'rest']).default('graphql'),
  /** What the channel takes per order: a percentage of the total plus a fixed amount (minor units). */
  feeRatePct: z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/)]).default(0),
  feeFixedMinor: z.number().int().nonnegative().default(0),
  /** The REST bucket's leak rate for the store's plan: 2/s, Advanced 4/s, Plus 20/s. */
  restLeakPerSecond: z.number().positive().max(100).default(2),
});

export type ShopifySettings = z.infer<typeof shopifySettingsSchema>;

/** `value` read with `schema`, or a `bad_payload` IntegrationError saying what was wrong where. */
export function readShopify<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new IntegrationError('shopify', 'bad_payload', `Shopify sent ${what} we cannot read${where}: ${issue?.message ?? 'invalid'}`);
}
