import { ErrorCode } from '@capliquify/shared';
import { describe, expect, it } from 'vitest';
import { CommandRejection } from '../../sync/command-failure';
import type { MovementTarget } from './movement.repo';
import { balanceAfter, planMovements, predictStored, targetKey, type MovementInput } from './movement-plan';

const bolt: MovementTarget = { location: { site_id: 'site_a', code: 'A-01' }, item: { sku: 'BOLT-M8', cost_minor: '12' }, onHand: 10, allocated: 3, openCount: false };
const targets = new Map<string, MovementTarget>([
  [targetKey('loc_a1', 'itm_bolt'), bolt],
  [targetKey('loc_a1', 'itm_none'), { ...bolt, item: null, onHand: 0, allocated: 0 }],
  [targetKey('loc_x1', 'itm_bolt'), { ...bolt, location: { site_id: 'site_x', code: 'X-01' }, onHand: 0, allocated: 0 }],
]);

let next = 0;
function movement(overrides: Partial<MovementInput>): MovementInput {
  next += 1;
  return { movementId: `m${next}`, siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', kind: 'receipt', quantity: 1, ...overrides };
}

const reasons = (outcomes: ReturnType<typeof planMovements>['outcomes']) =>
  outcomes.map((o) => (o instanceof CommandRejection ? `${o.code}: ${o.message}` : o));

describe('planMovements', () => {
  it('lets each movement see the balance the earlier ones leave, and refuses the one that would go below zero', () => {
    const plan = planMovements([
      movement({ kind: 'issue', quantity: 4 }),
      movement({ kind: 'issue', quantity: 7 }),
      movement({ kind: 'receipt', quantity: 1.5 }),
      movement({ kind: 'count_adjustment', quantity: -7.5 }),
    ], targets, new Set());
    expect(reasons(plan.outcomes)).toEqual([
      { posted: true, onHand: 6 },
      `${ErrorCode.CommandRejected}: Issue of 7 exceeds on-hand 6 of item BOLT-M8 at A-01.`,
      { posted: true, onHand: 7.5 },
      { posted: true, onHand: 0 },
    ]);
    expect(plan.inserts.map((i) => [i.signedQuantity, i.stored, i.unitCostMinor])).toEqual([[-4, -4, '12'], [1.5, 1.5, '12'], [-7.5, -7.5, '12']]);
    // One level per location and item, as it stands after the run, with its reservations.
    expect(plan.levels).toEqual([{ siteId: 'site_a', locationId: 'loc_a1', itemId: 'itm_bolt', onHand: 0, allocated: 3 }]);
  });

  it('posts a movementId once: one already in the ledger or earlier in the run posts nothing, whatever the balance', () => {
    const first = movement({ quantity: 2 });
    const plan = planMovements([
      movement({ movementId: 'in-ledger', kind: 'issue', quantity: 500 }),
      first,
      { ...first },
      movement({ movementId: 'in-ledger', quantity: 1 }),
    ], targets, new Set(['in-ledger']));
    expect(reasons(plan.outcomes)).toEqual([{ posted: false, onHand: 10 }, { posted: true, onHand: 12 }, { posted: false, onHand: 12 }, { posted: false, onHand: 12 }]);
    // Posting one by one would try the insert of a replay that fits the balance: so does the run, to be skipped.
    expect(plan.inserts.map((i) => [i.input.movementId, i.replay])).toEqual([[first.movementId, false], [first.movementId, true], ['in-ledger', true]]);
  });

  it('refuses a location of another site and an unknown item before anything else, and a refused movementId may post later', () => {
    const refused = movement({ locationId: 'loc_x1' });
    const plan = planMovements([refused, movement({ itemId: 'itm_none' }), { ...refused, locationId: 'loc_a1' }], targets, new Set());
    expect(reasons(plan.outcomes)).toEqual([
      `${ErrorCode.NotFound}: There is no location loc_x1 at site site_a.`,
      `${ErrorCode.NotFound}: There is no item itm_none.`,
      { posted: true, onHand: 11 },
    ]);
  });

  it('throws when a target was not read (the caller then posts one by one)', () => {
    expect(() => planMovements([movement({ itemId: 'itm_unread' })], targets, new Set())).toThrow(/No target was read/);
  });
});

describe('stored quantities and balances', () => {
  it('predicts numeric(18, 4) and sums back to 4 decimals without a negative zero', () => {
    expect(predictStored(1.23456)).toBe(1.2346);
    expect(predictStored(-2)).toBe(-2);
    expect(balanceAfter(0.1, 0.2)).toBe(0.3);
    expect(Object.is(balanceAfter(1.5, -1.5), 0)).toBe(true);
    expect(balanceAfter(200.5, -0.0001)).toBe(200.4999);
  });
});
