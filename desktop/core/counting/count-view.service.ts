import type { Kysely } from 'kysely';
import {
  computeCountVariance, type CountLine, type CountSession, type CountVarianceResult, type CountVarianceRow, type UnknownBarcodeRow,
} from '@capliquify/shared';
import { MetaKey, getMeta } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { listSessionExpected, listSessionLines, readSession } from './count-rows.repo';
import { lastDeviceLine, sessionHasQueuedCommands } from './count-session.repo';
import { CountingError } from './counting-error';
import { findItemSummaries, findLocations } from './scan-lookup.repo';

type Db = Kysely<ReplicaDatabase>;

/** Labels for a row; null when the replica does not hold the item (or location). */
export interface RowLabels { sku: string | null; itemName: string | null; unit: string | null; locationCode: string | null }
export type VarianceRowView = CountVarianceRow & RowLabels;
export type UnknownBarcodeView = UnknownBarcodeRow & { locationCode: string | null };
export interface SessionVariance extends Omit<CountVarianceResult, 'rows' | 'unknown'> {
  rows: VarianceRowView[];
  unknown: UnknownBarcodeView[];
}

export interface SessionLocation { id: string; code: string; name: string }

export interface SessionView {
  session: CountSession;
  locations: SessionLocation[];
  variance: SessionVariance;
  /**
   * A blind session before it is submitted: counters must not see expected quantities. The
   * variance still carries them (the manager's review is the same data); screens and reports hide them.
   */
  expectedHidden: boolean;
  /** This station has commands about the session the server has not confirmed yet. */
  pending: boolean;
  /** This station's latest line not voided (what undo takes back). */
  myLastLine: CountLine | null;
}

export function isExpectedHidden(session: Pick<CountSession, 'blind' | 'status'>): boolean {
  return session.blind && (session.status === 'draft' || session.status === 'counting');
}

export async function requireSession(db: Db, sessionId: string): Promise<CountSession> {
  const session = await readSession(db, sessionId);
  if (!session) throw new CountingError('NOT_FOUND', `There is no count session ${sessionId} at this station.`);
  return session;
}

/**
 * The variance exactly as the server will compute it at approval (same function, same unit costs:
 * the expected row's, else 0), each row labelled for the screen and the reports.
 */
export async function sessionVariance(db: Db, session: CountSession): Promise<{ variance: SessionVariance; locations: SessionLocation[] }> {
  const expected = await listSessionExpected(db, session.id);
  const costs = new Map(expected.map((e) => [e.itemId, e.unitCostMinor]));
  const result = computeCountVariance({ session, expected, lines: await listSessionLines(db, session.id), unitCostOf: (id) => costs.get(id) ?? 0 });
  const items = await findItemSummaries(db, result.rows.map((r) => r.itemId));
  const locations = await findLocations(db, [...session.locationIds, ...result.rows.map((r) => r.locationId)]);
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  const rows = result.rows.map((r): VarianceRowView => {
    const item = items.get(r.itemId);
    return { ...r, sku: item?.sku ?? null, itemName: item?.name ?? null, unit: item?.unit ?? null, locationCode: codes.get(r.locationId) ?? null };
  });
  const unknown = result.unknown.map((u) => ({ ...u, locationCode: codes.get(u.locationId) ?? null }));
  const inSession = new Set(session.locationIds);
  return {
    variance: { ...result, rows, unknown },
    locations: locations.filter((l) => inSession.has(l.id)).map(({ id, code, name }) => ({ id, code, name })),
  };
}

export async function loadSessionView(db: Db, sessionId: string): Promise<SessionView> {
  const session = await requireSession(db, sessionId);
  const { variance, locations } = await sessionVariance(db, session);
  const deviceId = await getMeta(db, MetaKey.DeviceId);
  return {
    session, locations, variance, expectedHidden: isExpectedHidden(session),
    pending: await sessionHasQueuedCommands(db, session.id),
    myLastLine: deviceId === null ? null : await lastDeviceLine(db, session.id, deviceId),
  };
}
