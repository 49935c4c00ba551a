import { caseGtin14, ean13 } from './barcodes';
import {
  BOUGHT_FAMILIES, FABRICATED_PARTS, FABRICATED_PROCESSES, FINISHED_FAMILIES, PART_VARIANTS, PRODUCT_FINISHES,
  PRODUCT_LINES, PRODUCT_SIZES, RAW_FAMILIES, SUB_ASSEMBLIES, SUPPLIER_TEMPLATES, type RawFamily,
} from './catalog.names';
import type { Catalog, CatalogItem, CatalogLocation, CatalogSupplier, ItemKind } from './catalog.model';
import type { SizeProfile } from './demo-sizes';
import type { Rng } from './prng';

/** Our GS1 UK company prefix (fictional but well-formed: 50 is the UK range). */
export const OWN_GS1_PREFIX = '5061874';

const PLANT_ID = 'sit_demo_plant';
const WAREHOUSE_ID = 'sit_demo_dc';

function product(parts: string[][]): string[] {
  return parts.reduce<string[]>((acc, list) => acc.flatMap((head) => list.map((tail) => (head ? `${head} ${tail}` : tail))), ['']);
}

function bins(siteId: string, prefix: string, shape: SizeProfile['plantBins'], start: number): CatalogLocation[] {
  const out: CatalogLocation[] = [];
  for (let a = 0; a < shape.aisles; a++) {
    for (let b = 1; b <= shape.bays; b++) {
      for (let l = 1; l <= shape.levels; l++) {
        const aisle = String.fromCharCode(65 + a);
        const code = `${aisle}-${String(b).padStart(2, '0')}-${String(l).padStart(2, '0')}`;
        out.push({ id: `loc_demo_${prefix}_${String(start + out.length).padStart(3, '0')}`, siteId, code, name: `Aisle ${aisle}, bay ${b}, level ${l}` });
      }
    }
  }
  return out;
}

function buildSuppliers(rng: Rng, count: number): CatalogSupplier[] {
  const templates = count >= SUPPLIER_TEMPLATES.length ? SUPPLIER_TEMPLATES : rng.shuffle(SUPPLIER_TEMPLATES).slice(0, count);
  return templates.map((t, index) => {
    const unreliable = rng.chance(0.25);
    return {
      index,
      id: `sup_demo_${String(index + 1).padStart(3, '0')}`,
      name: t.name,
      currency: t.currency,
      termsDays: t.termsDays,
      leadDays: t.leadDays,
      categories: t.categories,
      lateChance: unreliable ? rng.range(0.2, 0.4) : rng.range(0.02, 0.1),
      lateDaysMax: unreliable ? rng.int(7, 21) : rng.int(2, 5),
      orderWeekday: rng.int(0, 4),
    };
  });
}

interface Named { name: string; family: RawFamily }

/** Spreads `count` names over the families in proportion to how many names each can make. */
function sampleNames(rng: Rng, families: RawFamily[], count: number): Named[] {
  const pools = families.map((family) => rng.shuffle(product(family.parts)).map((name) => ({ name, family })));
  const total = pools.reduce((sum, p) => sum + p.length, 0);
  if (count > total) throw new Error(`asked for ${count} names, the vocabulary has ${total}`);
  const picked: Named[] = [];
  const quotas = pools.map((p) => Math.max(1, Math.floor((p.length / total) * count)));
  pools.forEach((pool, i) => picked.push(...pool.splice(0, quotas[i])));
  const rest = rng.shuffle(pools.flat());
  while (picked.length < count) picked.push(rest.pop() as Named);
  return rng.shuffle(picked.slice(0, count));
}

function categoryCode(category: string): string {
  return category.replace(/[^A-Za-z ]/g, '').split(' ').filter(Boolean).map((w) => w.slice(0, 3)).join('').slice(0, 3).toUpperCase();
}

export function generateCatalog(rng: Rng, size: SizeProfile): Catalog {
  const plantBins = bins(PLANT_ID, 'p', size.plantBins, 1);
  const dispatch: CatalogLocation = { id: 'loc_demo_p_dsp', siteId: PLANT_ID, code: 'DSP-01', name: 'Finished goods dispatch bay' };
  const warehouseBins = bins(WAREHOUSE_ID, 'w', size.warehouseBins, 1);
  const suppliers = buildSuppliers(rng.fork('suppliers'), size.suppliers);
  const items: CatalogItem[] = [];
  const seqByKind: Record<ItemKind, number> = { raw: 0, bought: 0, fabricated: 0, subassembly: 0, finished: 0 };
  const itemRng = rng.fork('items');

  const add = (kind: ItemKind, fields: Partial<CatalogItem> & Pick<CatalogItem, 'name' | 'category' | 'unit' | 'sku'>) => {
    const onWarehouse = kind === 'finished';
    const item: CatalogItem = {
      index: items.length,
      id: `itm_demo_${String(items.length + 1).padStart(5, '0')}`,
      kind,
      costMinor: 0,
      supplierIndex: null,
      leadTimeDays: 1,
      siteId: onWarehouse ? WAREHOUSE_ID : PLANT_ID,
      locationId: itemRng.pick(onWarehouse ? warehouseBins : plantBins).id,
      barcodes: [],
      height: 0,
      bom: [],
      season: null,
      priceMinor: 0,
      usagePerDay: 0,
      reorderPoint: 0,
      safetyStock: 0,
      ...fields,
    };
    items.push(item);
    seqByKind[kind]++;
    return item;
  };

  const buy = (kind: 'raw' | 'bought', named: Named[], skuPrefix: string) => {
    for (const { name, family } of named) {
      const serving = suppliers.filter((s) => s.categories.includes(family.category));
      const supplier = serving.length > 0 ? itemRng.pick(serving) : itemRng.pick(suppliers);
      const seq = seqByKind[kind] + 1;
      const item = add(kind, {
        name, category: family.category, unit: family.unit,
        sku: `${skuPrefix}-${categoryCode(family.category)}-${String(seq).padStart(5, '0')}`,
        costMinor: Math.round(itemRng.range(family.cost[0], family.cost[1])),
        supplierIndex: supplier.index,
        leadTimeDays: itemRng.int(supplier.leadDays[0], supplier.leadDays[1]),
      });
      // Bought-in components often carry their maker's EAN, from a prefix that is not ours.
      if (kind === 'bought' && itemRng.chance(0.4)) item.barcodes.push(ean13(`40${String(supplier.index + 11).padStart(5, '0')}`, seq));
    }
  };
  buy('raw', sampleNames(itemRng, RAW_FAMILIES, size.raw), 'RM');
  buy('bought', sampleNames(itemRng, BOUGHT_FAMILIES, size.bought), 'BC');

  const fabricated = itemRng.shuffle(FABRICATED_PROCESSES.flatMap((p) => FABRICATED_PARTS.flatMap((part) => PART_VARIANTS.map((v) => ({ process: p, name: `${p.category.replace(/ Parts$/, '')} ${part} ${v}` })))));
  for (const { process, name } of fabricated.slice(0, size.fabricated)) {
    add('fabricated', { name, category: process.category, unit: 'ea', sku: `FP-${String(seqByKind.fabricated + 1).padStart(5, '0')}`, leadTimeDays: itemRng.int(1, 4) });
  }
  const assemblies = itemRng.shuffle(SUB_ASSEMBLIES.flatMap((a) => PART_VARIANTS.map((v) => `${a} ${v}`)));
  for (const name of assemblies.slice(0, size.subAssemblies)) {
    const item = add('subassembly', { name, category: 'Sub-Assemblies', unit: 'ea', sku: `SA-${String(seqByKind.subassembly + 1).padStart(5, '0')}`, leadTimeDays: itemRng.int(2, 6) });
    // Assemblies we also sell as spare parts carry one of our own GTINs.
    if (itemRng.chance(0.2)) item.barcodes.push(ean13(OWN_GS1_PREFIX, 50_000 + seqByKind.subassembly));
  }

  const finishedNames = new Set<string>();
  while (finishedNames.size < size.finished) {
    const family = itemRng.pick(FINISHED_FAMILIES);
    const name = `${itemRng.pick(PRODUCT_LINES)} ${itemRng.pick(family.products)} ${itemRng.pick(PRODUCT_SIZES)}, ${itemRng.pick(PRODUCT_FINISHES)}`;
    if (finishedNames.has(name)) continue;
    finishedNames.add(name);
    const seq = seqByKind.finished + 1;
    const item = add('finished', {
      name, category: family.category, unit: 'ea', sku: `NW-${categoryCode(family.category)}-${String(1000 + seq)}`,
      leadTimeDays: itemRng.int(3, 8), season: family.season,
      priceMinor: Math.round(itemRng.range(family.price[0], family.price[1]) / 100) * 100 - 1,
    });
    const unit = ean13(OWN_GS1_PREFIX, seq);
    item.barcodes.push(unit);
    if (itemRng.chance(0.3)) item.barcodes.push(caseGtin14(unit));
  }

  return { plantId: PLANT_ID, warehouseId: WAREHOUSE_ID, locations: [...plantBins, dispatch, ...warehouseBins], dispatchLocationId: dispatch.id, suppliers, items };
}
