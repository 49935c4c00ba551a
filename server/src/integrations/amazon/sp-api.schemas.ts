import { z } from 'zod';

// The parts of SP-API's answers we read (Orders v0, FBA Inventory v1). Unknown fields pass
// through unread; a missing or mistyped field we need makes the page a bad payload.

const timestamp = z.iso.datetime({ offset: true });

export const spApiOrderSchema = z.object({
  AmazonOrderId: z.string().min(1).max(64),
  PurchaseDate: timestamp,
  LastUpdateDate: timestamp,
  OrderStatus: z.string().min(1),
  FulfillmentChannel: z.enum(['AFN', 'MFN']).optional(),
  MarketplaceId: z.string().optional(),
  // Absent on Pending and some Canceled orders: Amazon has not priced them yet.
  OrderTotal: z.object({ CurrencyCode: z.string().regex(/^[A-Z]{3}$/), Amount: z.string().regex(/^-?\d+(\.\d+)?$/) }).optional(),
});

export const spApiOrdersAnswerSchema = z.object({
  payload: z.object({
    Orders: z.array(spApiOrderSchema),
    NextToken: z.string().min(1).optional(),
    LastUpdatedBefore: z.string().optional(),
    CreatedBefore: z.string().optional(),
  }),
});

export const spApiInventorySummarySchema = z.object({
  asin: z.string().optional(),
  fnSku: z.string().optional(),
  sellerSku: z.string().min(1),
  condition: z.string().optional(),
  totalQuantity: z.number().int().min(0),
  // Amazon sends "" for summaries it has no time for.
  lastUpdatedTime: z.union([timestamp, z.literal('')]).optional(),
  // Always present: we ask with details=true.
  inventoryDetails: z.object({
    fulfillableQuantity: z.number().int().min(0),
    inboundWorkingQuantity: z.number().int().optional(),
    inboundShippedQuantity: z.number().int().optional(),
    inboundReceivingQuantity: z.number().int().optional(),
    reservedQuantity: z.object({ totalReservedQuantity: z.number().int().optional() }).optional(),
    unfulfillableQuantity: z.object({ totalUnfulfillableQuantity: z.number().int().optional() }).optional(),
  }),
});

export const spApiInventoryAnswerSchema = z.object({
  payload: z.object({
    granularity: z.object({ granularityType: z.string(), granularityId: z.string() }).optional(),
    inventorySummaries: z.array(spApiInventorySummarySchema),
  }),
  pagination: z.object({ nextToken: z.string().min(1).optional() }).optional(),
});

export const spApiErrorsSchema = z.object({
  errors: z.array(z.object({ code: z.string(), message: z.string(), details: z.string().optional() })),
});

export type SpApiOrder = z.infer<typeof spApiOrderSchema>;
export type SpApiInventorySummary = z.infer<typeof spApiInventorySummarySchema>;
export type SpApiErrorEntry = z.infer<typeof spApiErrorsSchema>['errors'][number];
