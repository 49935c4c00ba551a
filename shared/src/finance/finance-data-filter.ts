import type { FinanceData } from './finance-book';

// Which documents a figure is made of, when not all: the same subset wherever the engine runs.

/**
 * The data of one currency and/or one legal entity: the documents in it. Open orders are kept by
 * currency; the sales outlook is in the base currency, so it stays only when that is the one
 * asked for. Both are the group's plan, named to no entity: an entity's books leave them out.
 */
export function financeDataOf(data: FinanceData, { currency, entity }: { currency?: string; entity?: string }): FinanceData {
  return {
    ...data,
    documents: data.documents.filter((d) => (currency === undefined || d.currency.toUpperCase() === currency) && (entity === undefined || d.entityId === entity)),
    plannedPurchases: entity !== undefined ? [] : (data.plannedPurchases ?? []).filter((p) => currency === undefined || p.currency.toUpperCase() === currency),
    salesOutlook: entity !== undefined || (currency !== undefined && data.baseCurrency.toUpperCase() !== currency) ? null : data.salesOutlook,
  };
}
