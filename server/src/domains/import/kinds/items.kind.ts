import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { replicateChanges } from '../../../sync/replication.service';
import { CATALOG_SCOPE } from '../../../sync/scopes';
import { itemRow } from '../../../sync/sync-documents';
import { amount, choice, currency, currencyDigits, optionalCount, optionalDecimal, optionalText, quote, requiredText, toMinorUnits } from '../cells';
import { defineImportKind, type RowIssue, type ValidRow } from '../import-kind';
import { createDuplicateCheck, rowParser } from '../row-checks';
import { findItemRecords, findSupplierIds, listBarcodes, upsertItems, type NewItem } from './items.repo';
import { readSiteCodes, readTenantCurrency } from './reference.repo';

const itemCells = z.object({
  sku: requiredText(100),
  name: requiredText(200),
  type: choice({ raw: 'raw', 'raw material': 'raw', component: 'component', finished: 'finished', 'finished good': 'finished' }),
  unit: requiredText(20),
  cost: amount('zero'),
  currency: currency(),
  category: optionalText(100),
  reorder_point: optionalDecimal({ sign: 'zero' }),
  safety_stock: optionalDecimal({ sign: 'zero' }),
  lead_time_days: optionalCount(),
  home_site: optionalText(50),
  supplier: optionalText(200),
});
type ItemCells = z.infer<typeof itemCells>;

/**
 * Items, upserted by SKU. A blank optional cell keeps what an existing item has (a new item gets
 * 0, the tenant's currency, "Uncategorised" and the first site); changed items replicate to the
 * catalogue scope, so stations see them at their next pull.
 */
export const itemsKind = defineImportKind<ItemCells, NewItem>({
  kind: 'items',
  columns: [
    { name: 'sku', required: true }, { name: 'name', required: true }, { name: 'type', required: true },
    { name: 'unit', required: true }, { name: 'cost', required: true, aliases: ['unit_cost', 'cost_price'] },
    { name: 'currency', required: false }, { name: 'category', required: false },
    { name: 'reorder_point', required: false }, { name: 'safety_stock', required: false },
    { name: 'lead_time_days', required: false, aliases: ['lead_time'] },
    { name: 'home_site', required: false, aliases: ['site', 'site_code'] }, { name: 'supplier', required: false },
  ],
  async begin(db, scope) {
    const baseCurrency = await readTenantCurrency(db, scope.tenantId);
    const sites = await readSiteCodes(db, scope.tenantId);
    const firstSite = sites.values().next().value ?? null;
    const duplicates = createDuplicateCheck<ItemCells>((v) => v.sku, 'sku', (v) => `SKU ${quote(v.sku)}`);
    return {
      parse: rowParser(itemCells, duplicates),
      async resolve(reader, unique) {
        const issues: RowIssue[] = [];
        const existing = await findItemRecords(reader, scope.tenantId, unique.map((r) => r.value.sku));
        const suppliers = await findSupplierIds(reader, scope.tenantId, [...new Set(unique.flatMap((r) => (r.value.supplier ? [r.value.supplier] : [])))]);
        const good: ValidRow<NewItem>[] = [];
        for (const { row, value } of unique) {
          const before = existing.get(value.sku);
          const problems: RowIssue[] = [];
          const itemCurrency = value.currency ?? before?.currency.trim() ?? baseCurrency;
          const costMinor = toMinorUnits(value.cost.text, currencyDigits(itemCurrency));
          if (costMinor === null) problems.push({ row, column: 'cost', reason: `has more decimals than ${itemCurrency} allows, got ${quote(value.cost.shown)}` });
          const siteId = value.home_site ? sites.get(value.home_site.toUpperCase()) : (before?.home_site_id ?? firstSite);
          if (!siteId) problems.push({ row, column: 'home_site', reason: value.home_site ? `no site has the code ${quote(value.home_site)}` : 'is required: this organisation has no site yet' });
          const supplierId = value.supplier ? suppliers.get(value.supplier.toLowerCase()) : (before?.supplier_id ?? null);
          if (supplierId === undefined) problems.push({ row, column: 'supplier', reason: `no supplier is called ${quote(value.supplier!)}` });
          if (problems.length > 0) {
            issues.push(...problems);
            continue;
          }
          good.push({
            row,
            value: {
              id: before?.id ?? `itm_${randomUUID()}`, tenant_id: scope.tenantId, sku: value.sku, name: value.name, type: value.type,
              category: value.category ?? before?.category ?? 'Uncategorised', unit: value.unit, cost_minor: costMinor!, currency: itemCurrency,
              reorder_point: value.reorder_point ?? before?.reorder_point ?? 0, safety_stock: value.safety_stock ?? before?.safety_stock ?? 0,
              lead_time_days: value.lead_time_days ?? before?.lead_time_days ?? 0, supplier_id: supplierId ?? null, home_site_id: siteId!,
            },
          });
        }
        return { good, issues };
      },
      async apply(trx, rows) {
        const changed = await upsertItems(trx, rows.map((r) => r.value));
        if (changed.length === 0) return;
        // A new item has no barcodes yet: only updated ones need looking up.
        const barcodes = await listBarcodes(trx, scope.tenantId, changed.filter((item) => !item.inserted).map((item) => item.id));
        await replicateChanges(trx, scope.tenantId, CATALOG_SCOPE, changed.map(({ inserted: _, ...item }) => itemRow(item, barcodes.get(item.id) ?? [])));
      },
    };
  },
});
