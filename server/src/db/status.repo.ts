import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** The tables whose size says whether an installation holds data. */
export const MAIN_TABLES = ['tenants', 'sites', 'locations', 'items', 'stock_movements', 'sales_daily', 'purchase_orders', 'invoices', 'devices'] as const satisfies readonly (keyof Database)[];
export type MainTable = (typeof MAIN_TABLES)[number];

export async function countMainTables(db: Kysely<Database>): Promise<Record<MainTable, number>> {
  const counts = await Promise.all(
    MAIN_TABLES.map(async (table) => {
      const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      return [table, Number(row.n)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<MainTable, number>;
}
