// What every alert carries: what moved, by how much, compared to what, and the rows behind it.

export type AnomalyKind = 'overdue_spike' | 'slower_payer' | 'dso_jump' | 'dio_jump' | 'excess_stock' | 'slow_moving_stock' | 'duplicate_bill';
export type AnomalySeverity = 'low' | 'medium' | 'high';
export type AnomalyRowKind = 'document' | 'contact' | 'item';

export interface Anomaly {
  /** Stable across runs on the same data, so an alert can be acknowledged. */
  id: string;
  kind: AnomalyKind;
  severity: AnomalySeverity;
  /** The contact or item concerned, when there is one. */
  subject: { kind: 'contact' | 'item'; id: string; name: string } | null;
  /** One sentence: what moved, by how much, compared to what. */
  explanation: string;
  /** The figures in the sentence: the current value, what it is compared with, and the unit. */
  measure: { current: number; reference: number | null; unit: 'minor' | 'days' | 'months' };
  /** The rows behind the alert, for the drill-down. */
  rows: { kind: AnomalyRowKind; ids: string[] };
}

export const SEVERITY_ORDER: Record<AnomalySeverity, number> = { high: 0, medium: 1, low: 2 };

/** Days with one decimal, for sentences: 12.25 → "12.3". */
export const formatDays = (days: number): string => (Math.round(days * 10) / 10).toFixed(1).replace(/\.0$/, '');

/** A signed percentage for sentences: 0.314 → "31%". */
export const formatPct = (ratio: number): string => `${Math.round(ratio * 100)}%`;
