import { z } from 'zod';
import { badRequest } from '../../errors/app.error';
import type { StockKey } from './stock.repo';

const keySchema = z.tuple([z.string(), z.string(), z.string()]);

/** The composite keyset position as an opaque string: base64url of `[siteId, locationId, itemId]`. */
export function encodeStockCursor(key: StockKey): string {
  return Buffer.from(JSON.stringify([key.siteId, key.locationId, key.itemId])).toString('base64url');
}

export function decodeStockCursor(cursor: string): StockKey {
  try {
    const [siteId, locationId, itemId] = keySchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { siteId, locationId, itemId };
  } catch {
    throw badRequest('`after` is not a cursor returned by inventory.stockPage');
  }
}
