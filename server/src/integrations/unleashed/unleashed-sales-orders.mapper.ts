import { utcDay } from './unleashed-dates';
import { toMinorUnits, toQuantity, type ProductRef } from './unleashed.mapper';
import type { UnleashedSalesOrder } from './unleashed.schemas';

export interface MappedSalesOrderLine extends ProductRef { lineNumber: number; quantity: number; unitPriceMinor: number }

export interface MappedSalesOrder {
  externalRef: string; number: string; orderStatus: string; orderedOn: string; requiredOn: string | null;
  customerCode: string | null; customerName: string | null; currency: string | null; totalMinor: number; updatedAt: Date;
  lines: MappedSalesOrderLine[];
}

/**
 * A sales order as Unleashed holds it, lines kept one by one (unlike purchase orders, nothing of
 * ours is keyed by item here, and the order book should read as the customer's order does).
 * Lines are numbered by their position, as Unleashed lists them.
 */
export function mapSalesOrder(so: UnleashedSalesOrder): MappedSalesOrder {
  return {
    externalRef: so.Guid, number: so.OrderNumber.trim(), orderStatus: so.OrderStatus, orderedOn: utcDay(so.OrderDate),
    requiredOn: so.RequiredDate ? utcDay(so.RequiredDate) : null,
    customerCode: so.Customer?.CustomerCode?.trim() || null, customerName: so.Customer?.CustomerName?.trim() || null,
    currency: so.Currency?.CurrencyCode ?? null, totalMinor: toMinorUnits(so.Total), updatedAt: so.LastModifiedOn,
    lines: so.SalesOrderLines.map((line, i) => ({
      lineNumber: i + 1, productRef: line.Product.Guid, sku: line.Product.ProductCode.trim(),
      quantity: toQuantity(line.OrderQuantity), unitPriceMinor: toMinorUnits(line.UnitPrice),
    })),
  };
}
