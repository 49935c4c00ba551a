import { z } from 'zod';
import { itemSchema, locationSchema, siteSchema, stockLevelSchema } from '../domain/catalog.schema';

/** Keyset paging: `after` is the last key of the previous page, null for the first page. */
export const pageInputSchema = z.object({
  after: z.string().nullable().default(null),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export type PageInput = z.infer<typeof pageInputSchema>;

export const itemsPageSchema = z.object({ rows: z.array(itemSchema), nextAfter: z.string().nullable() });
export type ItemsPage = z.infer<typeof itemsPageSchema>;

export const stockPageSchema = z.object({ rows: z.array(stockLevelSchema), nextAfter: z.string().nullable() });
export type StockPage = z.infer<typeof stockPageSchema>;

export const sitesSnapshotSchema = z.object({ sites: z.array(siteSchema), locations: z.array(locationSchema) });
export type SitesSnapshot = z.infer<typeof sitesSnapshotSchema>;
