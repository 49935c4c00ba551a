import { z } from 'zod';
import { decimal, quote, requiredText } from '../cells';
import { defineImportKind, type RowIssue, type ValidRow } from '../import-kind';
import { createDuplicateCheck, rowParser } from '../row-checks';
import { findLoops, upsertBomLines, type BomLine } from './boms.repo';
import { findItemsBySku } from './reference.repo';

const bomCells = z.object({
  parent_sku: requiredText(100),
  component_sku: requiredText(100),
  quantity: decimal({ sign: 'positive' }),
}).superRefine((v, ctx) => {
  if (v.parent_sku === v.component_sku) ctx.addIssue({ code: 'custom', path: ['component_sku'], message: `is the parent itself (${quote(v.parent_sku)})` });
});
type BomCells = z.infer<typeof bomCells>;

/**
 * Bill-of-materials lines: how much of a component one unit of the parent takes. Both SKUs must
 * be items already (import items first); a line already there gets the file's quantity; a line
 * that would make a part contain itself (a loop, at any depth) is refused.
 */
export const bomsKind = defineImportKind<BomCells, BomLine>({
  kind: 'boms',
  columns: [
    { name: 'parent_sku', required: true, aliases: ['parent', 'assembly_sku'] },
    { name: 'component_sku', required: true, aliases: ['component'] },
    { name: 'quantity', required: true, aliases: ['qty', 'quantity_per'] },
  ],
  async begin(_db, scope) {
    const duplicates = createDuplicateCheck<BomCells>(
      (v) => `${v.parent_sku}|${v.component_sku}`, 'component_sku', (v) => `Component ${quote(v.component_sku)} of ${quote(v.parent_sku)}`,
    );
    return {
      parse: rowParser(bomCells, duplicates),
      async resolve(reader, unique) {
        const issues: RowIssue[] = [];
        const items = await findItemsBySku(reader, scope.tenantId, [...new Set(unique.flatMap((r) => [r.value.parent_sku, r.value.component_sku]))]);
        const good: ValidRow<BomLine>[] = [];
        for (const { row, value } of unique) {
          const parent = items.get(value.parent_sku);
          const component = items.get(value.component_sku);
          const problems: RowIssue[] = [];
          if (!parent) problems.push({ row, column: 'parent_sku', reason: `no item has the SKU ${quote(value.parent_sku)}` });
          if (!component) problems.push({ row, column: 'component_sku', reason: `no item has the SKU ${quote(value.component_sku)}` });
          if (problems.length > 0) issues.push(...problems);
          else good.push({ row, value: { parentItemId: parent!.id, componentItemId: component!.id, quantity: value.quantity } });
        }
        const loops = await findLoops(reader, scope.tenantId, good.map((g) => ({ ...g.value, row: g.row })));
        for (const { row } of good.filter((g) => loops.has(g.row))) {
          const { parent_sku: parentSku, component_sku: componentSku } = unique.find((u) => u.row === row)!.value;
          issues.push({ row, column: 'component_sku', reason: `${quote(componentSku)} already contains ${quote(parentSku)}, directly or through its components: this line would make a loop` });
        }
        return { good: good.filter((g) => !loops.has(g.row)), issues };
      },
      async apply(trx, rows) {
        await upsertBomLines(trx, scope.tenantId, rows.map((r) => r.value));
      },
    };
  },
});
