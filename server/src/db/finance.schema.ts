import type { ColumnType } from 'kysely';

// The finance scope's tables (migration 0016): FX rates, credit notes and prepayments with their
// allocations, saved scenarios. Kept apart from schema.ts, which extends `Database` with them.

type Money = ColumnType<string, string | number | bigint, string | number | bigint>;
type Numeric = ColumnType<string, string | number, string | number>;
type DateOnly = ColumnType<string, string, string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type CreditType = 'ACCRECCREDIT' | 'ACCPAYCREDIT' | 'RECEIVE-PREPAYMENT' | 'SPEND-PREPAYMENT';

/** Units of `currency` per one unit of the tenant's base currency on `day`. */
export interface FxRatesTable { tenant_id: string; currency: string; day: DateOnly; per_base: Numeric }

/** A credit note or prepayment (Xero's model): a positive total used up by allocations and refunds. */
export interface FinanceCreditsTable {
  id: string; tenant_id: string; type: CreditType; contact_id: string; number: string; issued_on: DateOnly;
  currency: string; total_minor: Money; status: 'AUTHORISED' | 'PAID' | 'VOIDED'; external_ref: Nullable<string>;
  /** The legal entity whose books hold it; null in a tenant's single set of books. */
  entity_id: Nullable<string>;
}

/** A legal entity whose books the tenant keeps (migration 0019); documents name it by `entity_id`. */
export interface LegalEntitiesTable { id: string; tenant_id: string; name: string; integration_id: Nullable<string> }

/** Part of a credit applied to an invoice, or refunded in cash when `invoice_id` is null. */
export interface FinanceAllocationsTable {
  id: string; tenant_id: string; credit_id: string; invoice_id: Nullable<string>; allocated_on: DateOnly;
  amount_minor: Money; external_ref: Nullable<string>;
}

/** A saved working-capital scenario (shared `scenarioSchema` as JSON). */
export interface FinanceScenariosTable {
  id: string; tenant_id: string; name: string; scenario: ColumnType<unknown, string, string>;
  created_by: Nullable<string>; created_at: GeneratedTimestamp; updated_at: GeneratedTimestamp;
}

export interface FinanceTables {
  fx_rates: FxRatesTable;
  finance_credits: FinanceCreditsTable;
  finance_allocations: FinanceAllocationsTable;
  finance_scenarios: FinanceScenariosTable;
  legal_entities: LegalEntitiesTable;
}
