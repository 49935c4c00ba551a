import { z } from 'zod';
import { postMovement } from '../../inventory/movement.service';
import { createBatchScopeWriter } from '../../../sync/batch-scope-writer';
import { siteScope } from '../../../sync/scopes';
import { decimal, quote, requiredText } from '../cells';
import { defineImportKind, type RowIssue, type ValidRow } from '../import-kind';
import { createDuplicateCheck, rowParser } from '../row-checks';
import { findItemsBySku, readSiteCodes } from './reference.repo';
import { findLocations, readOnHand } from './stock-counts.repo';

const countCells = z.object({
  site: requiredText(50),
  location: requiredText(50),
  sku: requiredText(100),
  quantity: decimal({ sign: 'zero' }),
});
type CountCells = z.infer<typeof countCells>;

interface CountRow { siteId: string; locationId: string; itemId: string; counted: number }

/** Quantities are numeric(18, 4): an adjustment is posted as the ledger will store it. */
const toLedger = (quantity: number): number => Number(quantity.toFixed(4));

/** The movement id of a row's adjustment: the same import and row can only ever post once. */
export function importMovementId(importId: string, row: number): string {
  return `import:${importId}:${row}`;
}

/**
 * Counted quantities per site, location and SKU. Each row that differs from the ledger posts a
 * count adjustment through the inventory domain (the ledger, open count sessions and the site's
 * replicated stock levels stay right), with a movement id made of the import and the row.
 */
export const stockCountsKind = defineImportKind<CountCells, CountRow>({
  kind: 'stock_counts',
  columns: [
    { name: 'site', required: true, aliases: ['site_code'] },
    { name: 'location', required: true, aliases: ['location_code', 'bin'] },
    { name: 'sku', required: true },
    { name: 'quantity', required: true, aliases: ['counted', 'qty', 'counted_quantity'] },
  ],
  async begin(db, scope) {
    const sites = await readSiteCodes(db, scope.tenantId);
    const duplicates = createDuplicateCheck<CountCells>(
      (v) => `${v.site.toUpperCase()}|${v.location.toUpperCase()}|${v.sku}`, 'sku', (v) => `SKU ${quote(v.sku)} at ${v.site} ${v.location}`,
    );
    return {
      parse: rowParser(countCells, duplicates),
      async resolve(reader, unique) {
        const issues: RowIssue[] = [];
        const wanted = unique.flatMap(({ value }) => {
          const siteId = sites.get(value.site.toUpperCase());
          return siteId ? [{ siteId, code: value.location }] : [];
        });
        const locations = await findLocations(reader, scope.tenantId, wanted);
        const items = await findItemsBySku(reader, scope.tenantId, [...new Set(unique.map((r) => r.value.sku))]);
        const good: ValidRow<CountRow>[] = [];
        for (const { row, value } of unique) {
          const siteId = sites.get(value.site.toUpperCase());
          const locationId = siteId ? locations.get(`${siteId}|${value.location.toUpperCase()}`) : undefined;
          const item = items.get(value.sku);
          const problems: RowIssue[] = [];
          if (!siteId) problems.push({ row, column: 'site', reason: `no site has the code ${quote(value.site)}` });
          else if (!locationId) problems.push({ row, column: 'location', reason: `site ${value.site} has no location ${quote(value.location)}` });
          if (!item) problems.push({ row, column: 'sku', reason: `no item has the SKU ${quote(value.sku)}` });
          if (problems.length > 0) issues.push(...problems);
          else good.push({ row, value: { siteId: siteId!, locationId: locationId!, itemId: item!.id, counted: value.quantity } });
        }
        return { good, issues };
      },
      async apply(trx, rows) {
        const scopes = createBatchScopeWriter(trx, scope.tenantId);
        // Lock the sites' scopes before reading balances: a movement committing meanwhile waits.
        for (const siteId of new Set(rows.map((r) => r.value.siteId))) await scopes.begin(siteScope(siteId));
        const onHand = await readOnHand(trx, scope.tenantId, rows.map((r) => r.value));
        for (const { row, value } of rows) {
          const difference = toLedger(value.counted - (onHand.get(`${value.locationId}|${value.itemId}`) ?? 0));
          // Nothing to adjust; a re-run after the adjustment posted lands here too.
          if (difference === 0) continue;
          await postMovement(trx, scope.tenantId, {
            movementId: importMovementId(scope.importId, row), siteId: value.siteId, locationId: value.locationId, itemId: value.itemId,
            kind: 'count_adjustment', quantity: difference, note: `import ${scope.fileName} row ${row}`,
          }, scopes);
          scopes.keepCommand();
        }
        await scopes.flush();
      },
    };
  },
});
