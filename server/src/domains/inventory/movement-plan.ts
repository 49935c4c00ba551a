import { ErrorCode, movementDelta, type MovementKind, type StockLevel } from '@capliquify/shared';
import { CommandRejection } from '../../sync/command-failure';
import type { MovementTarget } from './movement.repo';

/** A movement as a command or a service asks for it. */
export interface MovementInput {
  movementId: string;
  siteId: string;
  locationId: string;
  itemId: string;
  kind: MovementKind;
  /** As entered: the kind gives the sign, except for count adjustments. */
  quantity: number;
  note?: string;
}

// Quantities are numeric(18, 4); sums in floating point may miss zero by a hair.
export const EPSILON = 1e-9;

/** The key of a location and item (a stock level) in the maps below. */
export function targetKey(locationId: string, itemId: string): string {
  return `${locationId}\u0000${itemId}`;
}

/** Refuses a movement whose location is not at its site or whose item does not exist. */
export function checkTarget(input: MovementInput, target: MovementTarget): { location: NonNullable<MovementTarget['location']>; item: NonNullable<MovementTarget['item']> } {
  const { location, item } = target;
  if (!location || location.site_id !== input.siteId) throw new CommandRejection(ErrorCode.NotFound, `There is no location ${input.locationId} at site ${input.siteId}.`);
  if (!item) throw new CommandRejection(ErrorCode.NotFound, `There is no item ${input.itemId}.`);
  return { location, item };
}

export function insufficientStock(input: MovementInput, delta: number, before: number, sku: string, locationCode: string): CommandRejection {
  return new CommandRejection(ErrorCode.CommandRejected, `${describeKind(input.kind)} of ${Math.abs(delta)} exceeds on-hand ${before} of item ${sku} at ${locationCode}.`);
}

/** The balance after a stored quantity, as the ledger's sum reads (4 decimals, no negative zero). */
export function balanceAfter(before: number, stored: number): number {
  // Both terms have at most 4 decimals; back to 4 decimals the float sum reads as the database's own.
  const after = Number((before + stored).toFixed(4));
  return Math.abs(after) < EPSILON ? 0 : after;
}

/**
 * The quantity numeric(18, 4) will store. A guess where the 5th decimal is a binary half (the
 * database rounds the decimal text): the caller compares it with what the insert returned.
 */
export function predictStored(delta: number): number {
  return Number(delta.toFixed(4));
}

export interface PlannedInsert {
  input: MovementInput; signedQuantity: number; stored: number; unitCostMinor: string;
  /**
   * The movementId is already posted: the insert must skip it. Posting one by one tries this insert
   * too, so a quantity the column cannot hold is refused the same way in both.
   */
  replay: boolean;
}

export interface MovementPlan {
  /** Per input, in order: posted (or already in the ledger: not posted) with the balance, or why not. */
  outcomes: ({ posted: boolean; onHand: number } | CommandRejection)[];
  /** The ledger rows to insert, in input order (replays included, to be skipped). */
  inserts: PlannedInsert[];
  /** Each touched stock level as it stands after the whole run. */
  levels: StockLevel[];
}

/**
 * Decides a run of movements in memory exactly as posting them one by one would: each sees the
 * balance the earlier ones leave, a movementId already in the ledger (or earlier in the run) posts
 * nothing, and a movement that would take stock below zero is refused unless it is such a replay.
 * `targets` are read under the scope lock; `alreadyPosted` are the run's movementIds in the ledger.
 */
export function planMovements(inputs: readonly MovementInput[], targets: ReadonlyMap<string, MovementTarget>, alreadyPosted: ReadonlySet<string>): MovementPlan {
  const balances = new Map<string, number>();
  const posted = new Set(alreadyPosted);
  const levels = new Map<string, StockLevel>();
  const inserts: PlannedInsert[] = [];
  const outcomes = inputs.map((input) => {
    const key = targetKey(input.locationId, input.itemId);
    const target = targets.get(key);
    if (!target) throw new Error(`No target was read for location ${input.locationId} and item ${input.itemId}`);
    let checked: ReturnType<typeof checkTarget>;
    try {
      checked = checkTarget(input, target);
    } catch (rejection) {
      return rejection as CommandRejection;
    }
    const before = balances.get(key) ?? target.onHand;
    const delta = movementDelta(input.kind, input.quantity);
    const replay = posted.has(input.movementId);
    if (before + delta < -EPSILON) {
      // A replay of a movement that was posted answers as before, whatever the balance now.
      return replay ? { posted: false, onHand: before } : insufficientStock(input, delta, before, checked.item.sku, checked.location.code);
    }
    const stored = predictStored(delta);
    inserts.push({ input, signedQuantity: delta, stored, unitCostMinor: checked.item.cost_minor, replay });
    if (replay) return { posted: false, onHand: before };
    const onHand = balanceAfter(before, stored);
    posted.add(input.movementId);
    balances.set(key, onHand);
    levels.set(key, { siteId: input.siteId, locationId: input.locationId, itemId: input.itemId, onHand, allocated: target.allocated });
    return { posted: true, onHand };
  });
  return { outcomes, inserts, levels: [...levels.values()] };
}

function describeKind(kind: MovementKind): string {
  return kind === 'count_adjustment' ? 'Adjustment' : kind === 'issue' ? 'Issue' : 'Movement';
}
