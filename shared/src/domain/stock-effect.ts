import type { MovementKind } from './ledger';

/** Kinds whose quantity is entered positive and takes stock away. */
const OUTBOUND: ReadonlySet<MovementKind> = new Set(['issue', 'transfer_out', 'production_consumption', 'shipment']);

/** The signed change a movement makes to on-hand; count adjustments are already signed. */
export function movementDelta(kind: MovementKind, quantity: number): number {
  if (kind === 'count_adjustment') return quantity;
  return OUTBOUND.has(kind) ? -Math.abs(quantity) : Math.abs(quantity);
}
