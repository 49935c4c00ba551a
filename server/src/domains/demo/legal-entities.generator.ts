import type { Insertable } from 'kysely';
import type { FinanceCreditsTable, LegalEntitiesTable } from '../../db/finance.schema';
import type { CustomersTable, InvoicesTable } from '../../db/schema';
import { DEMO_TENANT_ID } from './demo.types';

// The demo group keeps two sets of books: the UK company, and a Dutch subsidiary that invoices
// the customers who buy in euros. Bills and the stock stay with the UK company, which buys for both.

export const DEMO_UK_ENTITY = 'ent_demo_uk';
export const DEMO_EU_ENTITY = 'ent_demo_eu';

export function demoLegalEntities(ukName: string): Insertable<LegalEntitiesTable>[] {
  return [
    { id: DEMO_UK_ENTITY, tenant_id: DEMO_TENANT_ID, name: ukName, integration_id: null },
    { id: DEMO_EU_ENTITY, tenant_id: DEMO_TENANT_ID, name: 'Northwind Fabrication B.V.', integration_id: null },
  ];
}

const SALES_SIDE = new Set(['ACCREC', 'ACCRECCREDIT', 'RECEIVE-PREPAYMENT']);

/** Each invoice, bill and credit with the entity whose books hold it. */
export function assignDemoEntities<T extends Insertable<InvoicesTable> | Insertable<FinanceCreditsTable>>(rows: readonly T[], customers: readonly Insertable<CustomersTable>[]): T[] {
  const euro = new Set(customers.filter((c) => c.currency === 'EUR').map((c) => c.id));
  return rows.map((r) => ({ ...r, entity_id: SALES_SIDE.has(r.type) && euro.has(r.contact_id) ? DEMO_EU_ENTITY : DEMO_UK_ENTITY }));
}
