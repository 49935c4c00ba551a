import { z } from 'zod';
import { parseUnleashedDate } from './unleashed-dates';

// The parts of Unleashed's answers we read. Unknown fields are ignored; a field we rely on that is
// missing or of the wrong type makes the record unreadable (IntegrationError 'bad_payload').

export const vendorDate = z.string().transform((value, ctx) => {
  const date = parseUnleashedDate(value);
  if (date) return date;
  ctx.addIssue({ code: 'custom', message: `not a date: ${value.slice(0, 40)}` });
  return z.NEVER;
});

const count = z.number().int().min(0);

/** Every list endpoint answers one page: `/{endpoint}/{page}?pageSize=N`. */
export const pageEnvelopeSchema = z.object({
  Pagination: z.object({ NumberOfItems: count, PageSize: count, PageNumber: z.number().int().min(1), NumberOfPages: count }),
  Items: z.array(z.unknown()),
});
export type PageEnvelope = z.infer<typeof pageEnvelopeSchema>;

const productRef = z.object({ Guid: z.string().min(1), ProductCode: z.string().min(1) });

export const productSchema = z.object({
  Guid: z.string().min(1),
  ProductCode: z.string().min(1),
  ProductDescription: z.string().nullish(),
  ProductGroup: z.object({ GroupName: z.string().min(1) }).nullish(),
  UnitOfMeasure: z.object({ Name: z.string().min(1) }).nullish(),
  AverageLandPrice: z.number().min(0).nullish(),
  DefaultPurchasePrice: z.number().min(0).nullish(),
  MinStockAlertLevel: z.number().min(0).nullish(),
  IsAssembledProduct: z.boolean().nullish(),
  IsSellable: z.boolean().nullish(),
  Obsolete: z.boolean().nullish(),
  Supplier: z.object({ Guid: z.string().min(1) }).nullish(),
  LastModifiedOn: vendorDate,
});
export type UnleashedProduct = z.infer<typeof productSchema>;

export const stockOnHandSchema = z.object({
  ProductGuid: z.string().min(1),
  ProductCode: z.string().min(1),
  WarehouseCode: z.string().min(1).nullish(),
  QtyOnHand: z.number(),
  AllocatedQty: z.number(),
  AvailableQty: z.number(),
  AvgCost: z.number().nullish(),
  LastModifiedOn: vendorDate,
});
export type UnleashedStockOnHand = z.infer<typeof stockOnHandSchema>;

export const billOfMaterialsSchema = z.object({
  Guid: z.string().min(1),
  BillNumber: z.string().min(1),
  Product: productRef,
  BillOfMaterialsLines: z.array(z.object({ Product: productRef, Quantity: z.number().min(0) })),
  Obsolete: z.boolean().nullish(),
  LastModifiedOn: vendorDate,
});
export type UnleashedBillOfMaterials = z.infer<typeof billOfMaterialsSchema>;

const currency = z.object({ CurrencyCode: z.string().regex(/^[A-Z]{3}$/) });

export const supplierSchema = z.object({
  Guid: z.string().min(1),
  SupplierCode: z.string().nullish(),
  SupplierName: z.string().min(1),
  PaymentTerm: z.string().nullish(),
  Currency: currency.nullish(),
  LastModifiedOn: vendorDate,
});
export type UnleashedSupplier = z.infer<typeof supplierSchema>;

export const purchaseOrderSchema = z.object({
  Guid: z.string().min(1),
  OrderNumber: z.string().min(1),
  OrderDate: vendorDate,
  RequiredDate: vendorDate.nullish(),
  ReceivedDate: vendorDate.nullish(),
  CompletedDate: vendorDate.nullish(),
  OrderStatus: z.string().min(1),
  Supplier: z.object({ Guid: z.string().min(1) }),
  Currency: currency.nullish(),
  Warehouse: z.object({ WarehouseCode: z.string().min(1) }).nullish(),
  PurchaseOrderLines: z.array(z.object({ Product: productRef, OrderQuantity: z.number().min(0), UnitPrice: z.number().min(0) })),
  LastModifiedOn: vendorDate,
});
export type UnleashedPurchaseOrder = z.infer<typeof purchaseOrderSchema>;

export const assemblySchema = z.object({
  Guid: z.string().min(1),
  AssemblyNumber: z.string().min(1),
  AssemblyStatus: z.string().min(1),
  Product: productRef,
  Quantity: z.number().min(0),
  AssembleBy: vendorDate.nullish(),
  AssemblyDate: vendorDate.nullish(),
  Warehouse: z.object({ WarehouseCode: z.string().min(1) }).nullish(),
  LastModifiedOn: vendorDate,
});
export type UnleashedAssembly = z.infer<typeof assemblySchema>;

export const salesOrderSchema = z.object({
  Guid: z.string().min(1),
  OrderNumber: z.string().min(1),
  OrderDate: vendorDate,
  RequiredDate: vendorDate.nullish(),
  OrderStatus: z.string().min(1),
  Customer: z.object({ CustomerCode: z.string().nullish(), CustomerName: z.string().nullish() }).nullish(),
  Currency: currency.nullish(),
  Total: z.number(),
  SalesOrderLines: z.array(z.object({ Product: productRef, OrderQuantity: z.number().min(0), UnitPrice: z.number() })),
  LastModifiedOn: vendorDate,
});
export type UnleashedSalesOrder = z.infer<typeof salesOrderSchema>;
