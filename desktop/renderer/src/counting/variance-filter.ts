import type { CountVarianceStatus } from '@capliquify/shared/domain/count-variance';

export type VarianceStatusFilter = 'all' | 'over_tolerance' | CountVarianceStatus;

export interface VarianceFilter {
  status: VarianceStatusFilter;
  /** '' for every location. */
  locationId: string;
  /** Part of a SKU, item name or location code. */
  text: string;
}

interface FilterableRow {
  locationId: string;
  status: CountVarianceStatus;
  overTolerance: boolean;
  sku: string | null;
  itemName: string | null;
  locationCode: string | null;
}

/** The rows the review shows; the order (by |value|, largest first) is kept. */
export function filterVarianceRows<Row extends FilterableRow>(rows: readonly Row[], filter: VarianceFilter): Row[] {
  const text = filter.text.trim().toLocaleLowerCase();
  return rows.filter((r) =>
    (filter.status === 'all' || (filter.status === 'over_tolerance' ? r.overTolerance : r.status === filter.status))
    && (filter.locationId === '' || r.locationId === filter.locationId)
    && (text === '' || [r.sku, r.itemName, r.locationCode].some((v) => v?.toLocaleLowerCase().includes(text))));
}

/** Rows a manager sends back for a recount with "all flagged": over tolerance and not yet recounted or asked. */
export function flaggedForRecount<Row extends Pick<FilterableRow, 'status' | 'overTolerance'>>(rows: readonly Row[]): Row[] {
  return rows.filter((r) => r.status === 'needs_recount' || (r.status === 'not_counted' && r.overTolerance));
}
