import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../../db/schema';
import type { Integration } from '../integrations.repo';
import type { UnleashedSettings } from './unleashed-settings';

/** What a stream's page writer works with: one transaction per page, confined to the tenant. */
export interface PageWrite {
  trx: Transaction<Database>;
  tenantId: string;
  integration: Integration;
  settings: UnleashedSettings;
  /** Where new items and purchase orders go, and the currency of Unleashed's prices. */
  defaults: { siteId: string; currency: string };
  log: Logger;
}

/**
 * One kind of record brought in from Unleashed: its endpoint, how its records read, when each
 * changed (the delta cursor), and how a page of them is written into our tables.
 */
export interface UnleashedStream<T> {
  name: string;
  endpoint: string;
  schema: z.ZodType<T>;
  modifiedOn(record: T): Date;
  write(page: PageWrite, records: T[]): Promise<void>;
}

/** The last of each key wins: a page may name one record twice (it changed while we paged). */
export function lastByKey<T>(records: T[], key: (record: T) => string): T[] {
  return [...new Map(records.map((r) => [key(r), r])).values()];
}
