import type { AssembliesTable, ItemsTable, PurchaseOrdersTable } from '../../db/schema';
import { utcDay } from './unleashed-dates';
import type {
  UnleashedAssembly, UnleashedBillOfMaterials, UnleashedProduct, UnleashedPurchaseOrder, UnleashedStockOnHand, UnleashedSupplier,
} from './unleashed.schemas';
import { paymentTermDays } from './payment-terms';

// Pure translations from Unleashed's records into what our tables hold. Unleashed prices are
// decimals in the account's currency; ours are integer minor units. Vendor ids (Guids) become
// `external_ref`; our own ids are kept and never derived from theirs.

/** 12.5 → 1250; rounds half away from zero on the decimal digits as written, not on binary floats. */
export function toMinorUnits(amount: number): number {
  const text = String(Math.abs(amount));
  const scaled = text.includes('e') ? Math.abs(amount) * 100 : Number(`${text}e2`);
  return Math.sign(amount) * Math.round(scaled);
}

/** Quantities are numeric(18, 4) in our tables. */
export function toQuantity(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export interface MappedItem {
  externalRef: string;
  sku: string;
  name: string;
  type: ItemsTable['type'];
  /** Null: Unleashed did not say, keep ours. */
  category: string | null;
  unit: string | null;
  costMinor: number | null;
  reorderPoint: number | null;
  supplierRef: string | null;
  active: boolean;
}

/**
 * An assembled product that is sold is finished goods; one that is not sold is a sub-assembly
 * (component); anything bought in is a raw material.
 */
export function mapProduct(p: UnleashedProduct): MappedItem {
  const cost = p.AverageLandPrice ?? p.DefaultPurchasePrice ?? null;
  return {
    externalRef: p.Guid,
    sku: p.ProductCode.trim(),
    name: p.ProductDescription?.trim() || p.ProductCode.trim(),
    type: p.IsAssembledProduct ? (p.IsSellable === false ? 'component' : 'finished') : 'raw',
    category: p.ProductGroup?.GroupName ?? null,
    unit: p.UnitOfMeasure?.Name ?? null,
    costMinor: cost === null ? null : toMinorUnits(cost),
    reorderPoint: p.MinStockAlertLevel ?? null,
    supplierRef: p.Supplier?.Guid ?? null,
    active: p.Obsolete !== true,
  };
}

/** Levels of stock totalled over every warehouse (no WarehouseCode) are kept under this location. */
export const ALL_WAREHOUSES = 'ALL';

export interface MappedStockLevel {
  productRef: string; sku: string; locationRef: string; available: number; onHand: number; updatedAt: Date;
}

export function mapStockOnHand(s: UnleashedStockOnHand): MappedStockLevel {
  return {
    productRef: s.ProductGuid, sku: s.ProductCode.trim(), locationRef: s.WarehouseCode ?? ALL_WAREHOUSES,
    available: toQuantity(s.AvailableQty), onHand: toQuantity(s.QtyOnHand), updatedAt: s.LastModifiedOn,
  };
}

export interface ProductRef { productRef: string; sku: string }
export interface MappedBom { parent: ProductRef; lines: (ProductRef & { quantity: number })[] }

/**
 * A bill's lines, one per component (a component listed twice is summed; zero quantities dropped,
 * since our BOM lines hold positive quantities). An obsolete bill has no lines any more.
 */
export function mapBillOfMaterials(b: UnleashedBillOfMaterials): MappedBom {
  const parent = { productRef: b.Product.Guid, sku: b.Product.ProductCode };
  if (b.Obsolete === true) return { parent, lines: [] };
  const byComponent = new Map<string, ProductRef & { quantity: number }>();
  for (const line of b.BillOfMaterialsLines) {
    const seen = byComponent.get(line.Product.Guid);
    if (seen) seen.quantity = toQuantity(seen.quantity + line.Quantity);
    else byComponent.set(line.Product.Guid, { productRef: line.Product.Guid, sku: line.Product.ProductCode, quantity: toQuantity(line.Quantity) });
  }
  return { parent, lines: [...byComponent.values()].filter((l) => l.quantity > 0) };
}

export interface MappedSupplier { externalRef: string; name: string; paymentTermsDays: number | null; currency: string | null }

export function mapSupplier(s: UnleashedSupplier): MappedSupplier {
  return { externalRef: s.Guid, name: s.SupplierName.trim(), paymentTermsDays: paymentTermDays(s.PaymentTerm), currency: s.Currency?.CurrencyCode ?? null };
}

const PO_STATUS: Record<string, PurchaseOrdersTable['status']> = {
  parked: 'open', placed: 'open', receipted: 'received', costed: 'received', complete: 'received', completed: 'received', deleted: 'cancelled',
};

export interface MappedPurchaseOrder {
  externalRef: string; number: string; supplierRef: string; orderedOn: string; expectedOn: string; receivedOn: string | null;
  status: PurchaseOrdersTable['status']; currency: string | null; warehouseCode: string | null;
  /** One line per product (our lines are keyed by item): quantities summed, unit cost weighted. */
  lines: (ProductRef & { quantity: number; unitCostMinor: number })[];
}

export function mapPurchaseOrder(po: UnleashedPurchaseOrder): MappedPurchaseOrder {
  const status = PO_STATUS[po.OrderStatus.toLowerCase()] ?? 'open';
  const received = po.ReceivedDate ?? po.CompletedDate ?? po.LastModifiedOn;
  const byProduct = new Map<string, ProductRef & { quantity: number; value: number }>();
  for (const line of po.PurchaseOrderLines) {
    const seen = byProduct.get(line.Product.Guid) ?? { productRef: line.Product.Guid, sku: line.Product.ProductCode, quantity: 0, value: 0 };
    seen.quantity += line.OrderQuantity;
    seen.value += line.OrderQuantity * line.UnitPrice;
    byProduct.set(line.Product.Guid, seen);
  }
  return {
    externalRef: po.Guid, number: po.OrderNumber, supplierRef: po.Supplier.Guid, orderedOn: utcDay(po.OrderDate),
    expectedOn: utcDay(po.RequiredDate ?? po.OrderDate), receivedOn: status === 'received' ? utcDay(received) : null, status,
    currency: po.Currency?.CurrencyCode ?? null, warehouseCode: po.Warehouse?.WarehouseCode ?? null,
    lines: [...byProduct.values()].filter((l) => l.quantity > 0).map(({ value, ...l }) => ({
      ...l, quantity: toQuantity(l.quantity), unitCostMinor: toMinorUnits(value / l.quantity),
    })),
  };
}

const ASSEMBLY_STATUS: Record<string, AssembliesTable['status']> = {
  parked: 'draft', planned: 'planned', assembled: 'completed', completed: 'completed', complete: 'completed', deleted: 'cancelled',
};

export interface MappedAssembly {
  externalRef: string; number: string; product: ProductRef; quantity: number; status: AssembliesTable['status']; externalStatus: string;
  locationRef: string | null; plannedOn: string | null; completedOn: string | null; updatedAt: Date;
}

export function mapAssembly(a: UnleashedAssembly): MappedAssembly {
  const status = ASSEMBLY_STATUS[a.AssemblyStatus.toLowerCase()] ?? 'planned';
  return {
    externalRef: a.Guid, number: a.AssemblyNumber, product: { productRef: a.Product.Guid, sku: a.Product.ProductCode },
    quantity: toQuantity(a.Quantity), status, externalStatus: a.AssemblyStatus, locationRef: a.Warehouse?.WarehouseCode ?? null,
    plannedOn: a.AssembleBy ? utcDay(a.AssembleBy) : null,
    completedOn: status === 'completed' ? utcDay(a.AssemblyDate ?? a.LastModifiedOn) : null, updatedAt: a.LastModifiedOn,
  };
}
