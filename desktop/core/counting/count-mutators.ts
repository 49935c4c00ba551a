import type { Transaction } from 'kysely';
import type { z } from 'zod';
import {
  approvalBlockers, approveCountSession, cancelCountSession, computeCountVariance, countExpectedId, createCountSession, recordCountLine,
  requestRecount, startCountSession, submitCountSession, variancePostings, voidCountLine,
  type CountExpected, type CountSession, type Entity,
} from '@capliquify/shared';
import { MetaKey, getMeta } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import type { ClientMutator } from '../sync-engine/client-mutators';
import { addToStockLevel, stockLevelId } from '../sync-engine/typed-rows.repo';
import { itemCost, listFreezeRows, listOpenSessions, listSessionExpectedIds } from './count-freeze.repo';
import { countMovementId } from './count-movement-id';
import { listSessionExpected, listSessionLines, putExpected, putLine, putSession, readExpected, readLine, readSession } from './count-rows.repo';
import { assignedCounter, excludedFromRecount, planRecounts } from './recount-plan';
import { predominantCurrency, resolveBarcode } from './scan-lookup.repo';

// The counting commands' optimistic effects, mirroring server/src/domains/counting/*.service.ts:
// what the server would accept shows at once; what it would reject changes nothing here (the
// rejection arrives with the next push). Re-run on top of every pulled page until acknowledged.

type Trx = Transaction<ReplicaDatabase>;
type Touched = { entity: Entity; id: string }[];
type Args<C extends { args: z.ZodType }> = z.infer<C['args']>;

/** Server time as this device estimates it (its clock plus the offset measured from sync answers). */
async function serverNowIso(trx: Trx): Promise<string> {
  const offset = Number(await getMeta(trx, MetaKey.ClockOffsetMs));
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0)).toISOString();
}

const unique = (values: readonly string[]) => [...new Set(values)];
const sessionTouched = (id: string): Touched => [{ entity: 'count_session', id }];

async function withStatus(trx: Trx, sessionId: string, from: CountSession['status']): Promise<CountSession | null> {
  const session = await readSession(trx, sessionId);
  return session?.status === from ? session : null;
}

export const createSessionMutator: ClientMutator<Args<typeof createCountSession>> = {
  args: createCountSession.args,
  async apply(trx, a) {
    if (await readSession(trx, a.sessionId)) return [];
    putSession(trx, {
      id: a.sessionId, siteId: a.siteId, name: a.name, kind: a.kind, blind: a.blind, locationIds: unique(a.locationIds),
      itemIds: a.itemIds === null ? null : unique(a.itemIds), toleranceQtyPct: a.toleranceQtyPct, toleranceValueMinor: a.toleranceValueMinor,
      // The tenant's currency is not replicated; the items' is what values are shown in meanwhile.
      currency: await predominantCurrency(trx) ?? 'EUR', counters: unique(a.counters), status: 'draft', createdBy: a.by,
      createdAt: await serverNowIso(trx), startedAt: null, submittedAt: null, approvedAt: null, approvedBy: null, cancelledAt: null,
      cancelReason: null, recounts: [],
    });
    return sessionTouched(a.sessionId);
  },
};

export const startSessionMutator: ClientMutator<Args<typeof startCountSession>> = {
  args: startCountSession.args,
  async apply(trx, a) {
    const session = await withStatus(trx, a.sessionId, 'draft');
    if (!session) return [];
    putSession(trx, { ...session, status: 'counting', startedAt: await serverNowIso(trx) });
    const touched = sessionTouched(session.id);
    const existing = await listSessionExpectedIds(trx, session.id);
    for (const f of await listFreezeRows(trx, session.locationIds, session.itemIds)) {
      const id = countExpectedId(session.id, f.locationId, f.itemId);
      if (existing.has(id)) continue;
      putExpected(trx, { sessionId: session.id, locationId: f.locationId, itemId: f.itemId, frozenQty: f.onHand, unitCostMinor: f.costMinor, movements: [], posted: null });
      touched.push({ entity: 'count_expected', id });
    }
    return touched;
  },
};

export const recordLineMutator: ClientMutator<Args<typeof recordCountLine>> = {
  args: recordCountLine.args,
  async apply(trx, a) {
    if (await readLine(trx, a.lineId)) return [];
    const session = await withStatus(trx, a.sessionId, 'counting');
    if (!session || !session.locationIds.includes(a.locationId) || !assignedCounter(session.counters, a.counter)) return [];
    const itemId = await resolveBarcode(trx, a.barcode);
    let round = 1;
    const touched: Touched = [];
    if (itemId !== null) {
      if (session.itemIds !== null && !session.itemIds.includes(itemId)) return [];
      const recount = session.recounts.find((r) => r.locationId === a.locationId && r.itemId === itemId);
      if (excludedFromRecount(recount, a.counter)) return [];
      round = recount?.round ?? 1;
      if (!await readExpected(trx, session.id, a.locationId, itemId)) {
        // Counted where nothing was expected: the server adds the row at 0, at the item's cost.
        putExpected(trx, { sessionId: session.id, locationId: a.locationId, itemId, frozenQty: 0, unitCostMinor: await itemCost(trx, itemId) ?? 0, movements: [], posted: null });
        touched.push({ entity: 'count_expected', id: countExpectedId(session.id, a.locationId, itemId) });
      }
    }
    const deviceId = await getMeta(trx, MetaKey.DeviceId) ?? 'this-device';
    putLine(trx, {
      id: a.lineId, sessionId: session.id, locationId: a.locationId, itemId, barcode: a.barcode, lot: a.lot, expiry: a.expiry,
      quantity: a.quantity, counter: a.counter, deviceId, countedAt: a.countedAt, round, voided: false,
    });
    touched.push({ entity: 'count_line', id: a.lineId });
    return touched;
  },
};

export const voidLineMutator: ClientMutator<Args<typeof voidCountLine>> = {
  args: voidCountLine.args,
  async apply(trx, a) {
    const line = await readLine(trx, a.lineId);
    if (!line || line.sessionId !== a.sessionId || line.voided || !await withStatus(trx, a.sessionId, 'counting')) return [];
    putLine(trx, { ...line, voided: true });
    return [{ entity: 'count_line', id: line.id }];
  },
};

export const submitSessionMutator: ClientMutator<Args<typeof submitCountSession>> = {
  args: submitCountSession.args,
  async apply(trx, a) {
    const session = await withStatus(trx, a.sessionId, 'counting');
    if (!session) return [];
    putSession(trx, { ...session, status: 'submitted', submittedAt: await serverNowIso(trx) });
    return sessionTouched(session.id);
  },
};

export const requestRecountMutator: ClientMutator<Args<typeof requestRecount>> = {
  args: requestRecount.args,
  async apply(trx, a) {
    const session = await withStatus(trx, a.sessionId, 'submitted');
    if (!session) return [];
    const expectedKeys = new Set((await listSessionExpected(trx, session.id)).map((e) => `${e.locationId}|${e.itemId}`));
    const plan = planRecounts(session, expectedKeys, await listSessionLines(trx, session.id), a.lines, a.by, await serverNowIso(trx));
    if (!plan.ok) return [];
    putSession(trx, { ...session, status: 'counting', submittedAt: null, recounts: plan.recounts });
    return sessionTouched(session.id);
  },
};

export const approveSessionMutator: ClientMutator<Args<typeof approveCountSession>> = {
  args: approveCountSession.args,
  async apply(trx, a) {
    const session = await withStatus(trx, a.sessionId, 'submitted');
    if (!session) return [];
    const expected = await listSessionExpected(trx, session.id);
    const costs = new Map(expected.map((e) => [e.itemId, e.unitCostMinor]));
    const variance = computeCountVariance({ session, expected, lines: await listSessionLines(trx, session.id), unitCostOf: (id) => costs.get(id) ?? 0 });
    if (approvalBlockers(variance).length > 0) return [];
    const at = await serverNowIso(trx);
    putSession(trx, { ...session, status: 'approved', approvedAt: at, approvedBy: a.by });
    const touched = sessionTouched(session.id);
    const byKey = new Map(expected.map((e) => [`${e.locationId}|${e.itemId}`, e]));
    for (const p of variancePostings(variance)) {
      const quantity = Number(p.quantity.toFixed(4));
      if (quantity === 0) continue;
      await addToStockLevel(trx, { siteId: session.siteId, locationId: p.locationId, itemId: p.itemId }, quantity);
      touched.push({ entity: 'stock_level', id: stockLevelId(p.locationId, p.itemId) });
      const row = byKey.get(`${p.locationId}|${p.itemId}`);
      if (!row) continue;
      putExpected(trx, { ...row, posted: { movementId: countMovementId(session.id, p.locationId, p.itemId), quantity, at } });
      touched.push({ entity: 'count_expected', id: countExpectedId(session.id, p.locationId, p.itemId) });
    }
    return touched;
  },
};

export const cancelSessionMutator: ClientMutator<Args<typeof cancelCountSession>> = {
  args: cancelCountSession.args,
  async apply(trx, a) {
    const session = await readSession(trx, a.sessionId);
    if (!session || session.status === 'cancelled' || session.status === 'approved') return [];
    putSession(trx, { ...session, status: 'cancelled', cancelledAt: await serverNowIso(trx), cancelReason: a.reason });
    return sessionTouched(session.id);
  },
};

/**
 * A movement recorded here during a count: like the ledger on the server, every session still
 * following the ledger at that location (and item, for a cycle count) notes it, so the variance
 * shown offline is movement-aware too.
 */
export async function noteMovementInOpenCounts(trx: Trx, m: { siteId: string; locationId: string; itemId: string }, delta: number): Promise<Touched> {
  const touched: Touched = [];
  const at = await serverNowIso(trx);
  for (const session of await listOpenSessions(trx, m.siteId)) {
    if (!session.locationIds.includes(m.locationId) || (session.itemIds !== null && !session.itemIds.includes(m.itemId))) continue;
    const cost = await itemCost(trx, m.itemId);
    if (cost === null) continue;
    const row: CountExpected = await readExpected(trx, session.id, m.locationId, m.itemId)
      ?? { sessionId: session.id, locationId: m.locationId, itemId: m.itemId, frozenQty: 0, unitCostMinor: cost, movements: [], posted: null };
    putExpected(trx, { ...row, movements: [...row.movements, { at, quantity: delta }] });
    touched.push({ entity: 'count_expected', id: countExpectedId(session.id, m.locationId, m.itemId) });
  }
  return touched;
}

/** Every counting command's client mutator, by command name. */
export const countingMutators = {
  [createCountSession.name]: createSessionMutator,
  [startCountSession.name]: startSessionMutator,
  [recordCountLine.name]: recordLineMutator,
  [voidCountLine.name]: voidLineMutator,
  [submitCountSession.name]: submitSessionMutator,
  [requestRecount.name]: requestRecountMutator,
  [approveCountSession.name]: approveSessionMutator,
  [cancelCountSession.name]: cancelSessionMutator,
};
