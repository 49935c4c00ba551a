import type { Kysely } from 'kysely';
import { findItem, searchItems, stockForItem, type ItemSearchQuery, type ItemSearchRow, type ItemStockRow } from '../replica/catalog.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';

export type { ItemSearchRow, ItemStockRow } from '../replica/catalog.repo';

export interface ItemSearchResult { rows: ItemSearchRow[]; total: number }
export interface ItemDetail { item: ItemSearchRow; stock: ItemStockRow[] }

export interface ItemsService {
  search(query: ItemSearchQuery): Promise<ItemSearchResult>;
  /** The item with its stock per site and location, or null if the replica does not have it. */
  get(id: string): Promise<ItemDetail | null>;
}

/** Look-ups over the replica; they work the same online and offline. */
export function createItemsService(db: Kysely<ReplicaDatabase>): ItemsService {
  return {
    search: (query) => searchItems(db, query),
    async get(id) {
      const item = await findItem(db, id);
      if (!item) return null;
      return { item, stock: await stockForItem(db, id) };
    },
  };
}
