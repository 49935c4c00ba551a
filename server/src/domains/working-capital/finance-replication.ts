import {
  FINANCE_PROFILE_ID, SALES_OUTLOOK_ID, fxRateId, inventoryMonthId,
  type FinanceContact, type FinanceDocument, type FinanceProfile, type FxRate, type InventoryMonth, type PlannedPurchaseDocument, type SalesOutlook,
} from '@capliquify/shared';
import type { SyncRowWrite } from '../../sync/sync-rows.repo';

// The finance scope's replicated rows (scope `finance`): entity and id per document, the data the
// shared finance schemas parse on the desktop.

export const financeContactRow = (c: FinanceContact): SyncRowWrite => ({ entity: 'finance_contact', id: c.id, data: { ...c } });
export const financeDocumentRow = (d: FinanceDocument): SyncRowWrite => ({ entity: 'finance_document', id: d.id, data: { ...d } });
export const fxRateRow = (r: FxRate): SyncRowWrite => ({ entity: 'fx_rate', id: fxRateId(r.currency, r.day), data: { ...r } });
export const inventoryMonthRow = (m: InventoryMonth): SyncRowWrite => ({ entity: 'inventory_month', id: inventoryMonthId(m.itemId, m.month), data: { ...m } });
export const financeProfileRow = (p: FinanceProfile): SyncRowWrite => ({ entity: 'finance_profile', id: FINANCE_PROFILE_ID, data: { ...p } });
export const plannedPurchaseRow = (p: PlannedPurchaseDocument): SyncRowWrite => ({ entity: 'planned_purchase', id: p.id, data: { ...p } });
export const salesOutlookRow = (o: SalesOutlook): SyncRowWrite => ({ entity: 'sales_outlook', id: SALES_OUTLOOK_ID, data: { ...o } });
