import type { Kysely } from 'kysely';
import {
  countQuantitySchema, parseScan, recordCountLine, scanCode, voidCountLine,
  type CommandArgs, type CountLine, type CountSession,
} from '@capliquify/shared';
import { MetaKey, getMeta } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { requireOperatorName } from '../session/current-operator';
import { readLine } from './count-rows.repo';
import { lastDeviceLine } from './count-session.repo';
import { describeStatus, type CommandQueue } from './count-session.service';
import { requireSession, type SessionLocation } from './count-view.service';
import { CountingError, parseOrRefuse } from './counting-error';
import { assignedCounter, excludedFromRecount } from './recount-plan';
import { findItemSummary, findLocationsByCode, resolveBarcode } from './scan-lookup.repo';

export interface ScanInput { sessionId: string; locationId: string; raw: string; quantity?: number }

export interface ScanAnswer {
  line: CountLine;
  item: { id: string; sku: string; name: string } | null;
  flag: 'unknown_barcode' | null;
  gs1: { lot: string | null; expiry: string | null } | null;
}

export interface LocationAnswer { location: SessionLocation | null; error: string | null }

function refuse(message: string): never {
  throw new CountingError('BAD_REQUEST', message);
}

function requireCounting(session: CountSession): void {
  if (session.status !== 'counting') refuse(`${describeStatus(session)}; scans are recorded only while it is being counted.`);
}

/**
 * The counting screen's hot path: a scan becomes a queued `counting.recordLine` whose line shows
 * at once. Only the rows it touches are read (the session document, the barcode's item, the
 * line itself); the whole session's variance is never recomputed here.
 */
export function createCountScanService(db: Kysely<ReplicaDatabase>, engine: CommandQueue, clock: { now(): Date }) {
  const deviceId = async () => await getMeta(db, MetaKey.DeviceId) ?? 'this-device';

  return {
    async resolveLocation(sessionId: string, raw: string): Promise<LocationAnswer> {
      const session = await requireSession(db, sessionId);
      const scan = parseScan(raw);
      let code = raw.trim();
      if (scan.ok) {
        if (scan.value.kind === 'gs1') return { location: null, error: 'That is an item’s GS1 barcode: scan a location label first.' };
        code = scan.value.code;
      }
      if (code === '') return { location: null, error: 'Scan or type a location code.' };
      const found = await findLocationsByCode(db, code);
      const inSession = found.find((l) => session.locationIds.includes(l.id));
      if (inSession) return { location: { id: inSession.id, code: inSession.code, name: inSession.name }, error: null };
      if (found[0]) return { location: null, error: `Location ${found[0].code} is not counted in session ${session.name}.` };
      const itemId = await resolveBarcode(db, code);
      if (itemId !== null) {
        const item = await findItemSummary(db, itemId);
        return { location: null, error: `${code} is item ${item?.sku ?? itemId}, not a location: scan a location label first.` };
      }
      return { location: null, error: `There is no location ${code} in session ${session.name}.` };
    },

    async scan(input: ScanInput): Promise<ScanAnswer> {
      const counter = await requireOperatorName(db);
      const session = await requireSession(db, input.sessionId);
      requireCounting(session);
      if (!assignedCounter(session.counters, counter)) refuse(`${counter} is not assigned to session ${session.name} (its counters: ${session.counters.join(', ')}).`);
      if (!session.locationIds.includes(input.locationId)) refuse(`That location is not counted in session ${session.name}: scan one of its locations.`);
      const scan = parseScan(input.raw);
      if (!scan.ok) refuse(`Cannot read this barcode: ${scan.error}.`);
      const gs1 = scan.value.kind === 'gs1' ? scan.value : null;
      const quantity = parseOrRefuse(countQuantitySchema, input.quantity ?? gs1?.quantity ?? 1);
      const barcode = scanCode(scan.value);
      const itemId = await resolveBarcode(db, barcode);
      const item = itemId === null ? null : await findItemSummary(db, itemId);
      if (itemId !== null) {
        if (session.itemIds !== null && !session.itemIds.includes(itemId)) refuse(`Item ${item?.sku ?? itemId} is not part of cycle count ${session.name}.`);
        const recount = session.recounts.find((r) => r.locationId === input.locationId && r.itemId === itemId);
        if (excludedFromRecount(recount, counter)) refuse(`A recount must be done by someone other than ${recount?.excludedCounters.join(', ')}.`);
      }
      const args: CommandArgs<typeof recordCountLine> = parseOrRefuse(recordCountLine.args, {
        lineId: crypto.randomUUID(), sessionId: session.id, locationId: input.locationId, itemId, barcode,
        lot: gs1?.lot ?? null, expiry: gs1?.expiry ?? null, quantity, counter, countedAt: clock.now().toISOString(),
      });
      await engine.queue(recordCountLine.name, args);
      // Read back what the client mutator wrote; absent only if a pull changed the session in between.
      const line = await readLine(db, args.lineId) ?? {
        id: args.lineId, sessionId: args.sessionId, locationId: args.locationId, itemId, barcode, lot: args.lot, expiry: args.expiry,
        quantity, counter, deviceId: await deviceId(), countedAt: args.countedAt, round: 1, voided: false,
      };
      return {
        line,
        item: item === null ? null : { id: item.id, sku: item.sku, name: item.name },
        flag: itemId === null ? 'unknown_barcode' : null,
        gs1: gs1 === null ? null : { lot: gs1.lot, expiry: gs1.expiry },
      };
    },

    /** Voids this station's latest line of the session that is not voided yet. */
    async undoLast(sessionId: string): Promise<{ voided: CountLine | null }> {
      const by = await requireOperatorName(db);
      const session = await requireSession(db, sessionId);
      requireCounting(session);
      const last = await lastDeviceLine(db, session.id, await deviceId());
      if (!last) return { voided: null };
      await engine.queue(voidCountLine.name, parseOrRefuse(voidCountLine.args, { lineId: last.id, sessionId: session.id, by }));
      return { voided: await readLine(db, last.id) ?? { ...last, voided: true } };
    },
  };
}

export type CountScanService = ReturnType<typeof createCountScanService>;
