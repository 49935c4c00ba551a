import { FABRICATED_PROCESSES, SUB_ASSEMBLY_RAW } from './catalog.names';
import { isCounted, type CatalogItem } from './catalog.model';
import type { Rng } from './prng';

const MATERIAL_QTY: Record<string, [number, number]> = { kg: [0.15, 2.5], m: [0.3, 2], m2: [0.2, 1.5], L: [0.02, 0.2], ea: [1, 2] };
const SECONDARY = new Set(['Coatings', 'Consumables', 'Finishes']);

function qtyFor(rng: Rng, item: CatalogItem, secondary = false): number {
  if (isCounted(item.unit)) return item.category === 'Fasteners' ? rng.int(4, 16) : rng.int(1, secondary ? 1 : 4);
  const [lo, hi] = MATERIAL_QTY[item.unit] ?? [0.1, 1];
  const value = secondary ? rng.range(0.01, Math.min(0.4, hi)) : rng.range(lo, hi);
  return Math.max(0.001, Math.round(value * 1000) / 1000);
}

function addLine(parent: CatalogItem, component: CatalogItem, quantity: number): void {
  const existing = parent.bom.find((b) => b.component === component.index);
  if (existing) existing.quantity = Math.round((existing.quantity + quantity) * 1000) / 1000;
  else parent.bom.push({ component: component.index, quantity });
}

function accepts(parent: CatalogItem): string[] {
  if (parent.kind === 'fabricated') return FABRICATED_PROCESSES.find((p) => p.category === parent.category)?.rawCategories ?? [];
  if (parent.kind === 'subassembly') return SUB_ASSEMBLY_RAW;
  return ['Packaging', 'Finishes'];
}

/**
 * Multi-level bills of materials: finished goods use sub-assemblies, fabricated parts, bought
 * components and packaging; sub-assemblies use fabricated parts and bought components; fabricated
 * parts use raw material. Parents only ever point one level down or more, so no cycle can form.
 * Every bought or made item ends up used somewhere, so nothing in the catalogue is dead stock.
 */
export function generateBoms(rng: Rng, items: CatalogItem[]): void {
  const of = (kind: CatalogItem['kind']) => items.filter((i) => i.kind === kind);
  const raw = of('raw');
  const bought = of('bought');
  const fabricated = of('fabricated');
  const assemblies = of('subassembly');
  const finished = of('finished');
  const rawIn = (categories: string[]) => raw.filter((r) => categories.includes(r.category));
  const pickSome = <T>(list: T[], min: number, max: number) => rng.shuffle(list).slice(0, rng.int(min, max));

  for (const part of fabricated) {
    const allowed = accepts(part);
    const primary = rawIn(allowed.filter((c) => !SECONDARY.has(c)));
    if (primary.length > 0) { const r = rng.pick(primary); addLine(part, r, qtyFor(rng, r)); }
    const secondary = rawIn(allowed.filter((c) => SECONDARY.has(c)));
    if (secondary.length > 0 && rng.chance(0.6)) { const r = rng.pick(secondary); addLine(part, r, qtyFor(rng, r, true)); }
    if (part.bom.length === 0) { const r = rng.pick(raw); addLine(part, r, qtyFor(rng, r)); }
  }
  for (const assembly of assemblies) {
    for (const f of pickSome(fabricated, 2, 4)) addLine(assembly, f, rng.int(1, 2));
    for (const b of pickSome(bought, 1, 3)) addLine(assembly, b, qtyFor(rng, b));
    const extras = rawIn(SUB_ASSEMBLY_RAW);
    if (extras.length > 0 && rng.chance(0.5)) { const r = rng.pick(extras); addLine(assembly, r, qtyFor(rng, r)); }
  }
  const packaging = rawIn(['Packaging']);
  finished.forEach((fg, n) => {
    // The first finished good always has a sub-assembly: the catalogue keeps at least one deep BOM.
    if (assemblies.length > 0 && (n === 0 || rng.chance(0.6))) for (const a of pickSome(assemblies, 1, 2)) addLine(fg, a, 1);
    for (const f of pickSome(fabricated, 1, 3)) addLine(fg, f, rng.int(1, 2));
    for (const b of pickSome(bought, 1, 3)) addLine(fg, b, qtyFor(rng, b));
    if (packaging.length > 0) addLine(fg, rng.pick(packaging), 1);
  });

  const used = new Set(items.flatMap((i) => i.bom.map((b) => b.component)));
  const parentsFor = (child: CatalogItem): CatalogItem[] => {
    if (child.kind === 'subassembly') return finished;
    if (child.kind === 'fabricated' || child.kind === 'bought') return [...assemblies, ...finished];
    const fitting = [...fabricated, ...assemblies, ...finished].filter((p) => accepts(p).includes(child.category));
    return fitting.length > 0 ? fitting : finished;
  };
  for (const child of items) {
    if (child.kind === 'finished' || used.has(child.index)) continue;
    // Leftover materials join as minor inputs (a trim, a second gauge), not as a product's bulk.
    addLine(rng.pick(parentsFor(child)), child, qtyFor(rng, child, true));
  }
  assignHeights(items);
}

function assignHeights(items: CatalogItem[]): void {
  const height = (item: CatalogItem, trail: Set<number>): number => {
    if (item.bom.length === 0) return 0;
    if (trail.has(item.index)) throw new Error(`BOM cycle through ${item.sku}`);
    trail.add(item.index);
    const h = 1 + Math.max(...item.bom.map((b) => height(items[b.component] as CatalogItem, trail)));
    trail.delete(item.index);
    return h;
  };
  for (const item of items) item.height = height(item, new Set());
}

/** Standard costs roll up from raw material through each level, plus a labour and overhead charge. */
export function rollUpCosts(rng: Rng, items: CatalogItem[]): void {
  const labour: Record<string, [number, number]> = { fabricated: [60, 400], subassembly: [150, 800], finished: [300, 1800] };
  const byHeight = items.filter((i) => i.bom.length > 0).sort((a, b) => a.height - b.height);
  for (const item of byHeight) {
    const materials = item.bom.reduce((sum, b) => sum + (items[b.component] as CatalogItem).costMinor * b.quantity, 0);
    const [lo, hi] = labour[item.kind] ?? [100, 500];
    item.costMinor = Math.round(materials + rng.range(lo, hi));
    if (item.kind === 'finished') {
      // Retail at two to three times standard cost, ending in .99, within the family's usual range.
      const markedUp = Math.ceil((item.costMinor * rng.range(2, 3)) / 100) * 100 - 1;
      item.priceMinor = Math.max(markedUp, Math.min(item.priceMinor, Math.ceil((item.costMinor * 3.5) / 100) * 100 - 1));
    }
  }
}
