import type { ImportKindDefinition } from './import-kind';
import type { ImportKind } from './import-kinds';
import { bomsKind } from './kinds/boms.kind';
import { itemsKind } from './kinds/items.kind';
import { openingBalancesKind } from './kinds/opening-balances.kind';
import { stockCountsKind } from './kinds/stock-counts.kind';

/** Every kind of import and its columns and rules. */
export const importKinds: Record<ImportKind, ImportKindDefinition> = {
  items: itemsKind,
  stock_counts: stockCountsKind,
  opening_balances: openingBalancesKind,
  boms: bomsKind,
};
