import { ErrorCode, lookupKeys, parseScan, type CommandArgs, type recordCountLine, type voidCountLine } from '@capliquify/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { CommandRejection } from '../../sync/command-failure';
import { countExpectedRow, countLineRow } from '../../sync/sync-documents';
import type { SyncRowWrite } from '../../sync/sync-rows.repo';
import { insertUnexpected } from './count-expected.repo';
import { findItemByBarcodes, findItemBySku, insertLine, readLine, voidLine } from './count-line.repo';
import { readLabels } from './count-session.repo';
import { describeStatus, openSession, type CountingActor } from './count-session.service';

const NOT_RECORDED = 'this scan was not recorded';

function reject(message: string): never {
  throw new CommandRejection(ErrorCode.CommandRejected, message);
}

/**
 * The item a scanned code belongs to, resolved on the server whatever the device thought: the
 * code and its GTIN forms against item_barcodes, then the code as a SKU (typed when a label is
 * missing). Null: unknown, kept and flagged.
 */
export async function resolveBarcode(trx: Transaction<Database>, tenantId: string, barcode: string): Promise<string | null> {
  const scan = parseScan(barcode);
  const keys = scan.ok ? lookupKeys(scan.value) : [barcode.trim()];
  if (!keys.includes(barcode)) keys.push(barcode);
  return (await findItemByBarcodes(trx, tenantId, keys)) ?? (await findItemBySku(trx, tenantId, barcode.trim()));
}

/** 'YYYY-MM-DD' naming a day that exists (the command's pattern lets 2026-02-30 through). */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * Records one scan (or typed quantity) of a session being counted. A line id already recorded is
 * a replay and changes nothing, even after the session closed. A line of a row under recount
 * takes the recount's round and must come from someone who did not count it before.
 */
export async function recordLine(actor: CountingActor, args: CommandArgs<typeof recordCountLine>): Promise<string[]> {
  const { session, scope, write } = await openSession(actor, args.sessionId);
  if (await readLine(actor.trx, actor.tenantId, args.lineId)) return [];
  if (session.status !== 'counting') reject(`${describeStatus(session)}; ${NOT_RECORDED}.`);
  if (session.counters.length > 0 && !session.counters.some((c) => sameName(c, args.counter))) {
    reject(`${args.counter} is not assigned to session ${session.name} (its counters: ${session.counters.join(', ')}); ${NOT_RECORDED}.`);
  }
  if (args.expiry !== null && !isCalendarDate(args.expiry)) reject(`The expiry ${args.expiry} is not a date; ${NOT_RECORDED}.`);
  if (!session.location_ids.includes(args.locationId)) {
    const code = (await readLabels(actor.trx, actor.tenantId, [args.locationId], [])).locations.get(args.locationId);
    reject(code === undefined
      ? `There is no location ${args.locationId} in session ${session.name}; ${NOT_RECORDED}.`
      : `Location ${code} is not counted in session ${session.name}; ${NOT_RECORDED}.`);
  }
  const itemId = await resolveBarcode(actor.trx, actor.tenantId, args.barcode);
  let round = 1;
  if (itemId !== null) {
    if (session.item_ids !== null && !session.item_ids.includes(itemId)) {
      const sku = (await readLabels(actor.trx, actor.tenantId, [], [itemId])).items.get(itemId) ?? itemId;
      reject(`Item ${sku} is not part of cycle count ${session.name}; ${NOT_RECORDED}.`);
    }
    const recount = session.recounts.find((r) => r.locationId === args.locationId && r.itemId === itemId);
    if (recount) {
      round = recount.round;
      if (recount.excludedCounters.some((c) => sameName(c, args.counter))) {
        reject(`A recount must be done by someone other than ${recount.excludedCounters.join(', ')}; ${NOT_RECORDED}.`);
      }
    }
  }
  const rows: SyncRowWrite[] = [];
  const expected = itemId === null ? null : await insertUnexpected(actor.trx, actor.tenantId, session.id, args.locationId, itemId);
  if (expected) rows.push(countExpectedRow(expected));
  const line = await insertLine(actor.trx, {
    tenant_id: actor.tenantId, id: args.lineId, session_id: session.id, location_id: args.locationId, item_id: itemId,
    barcode: args.barcode, lot: args.lot, expiry: args.expiry, quantity: args.quantity, counter: args.counter,
    device_id: actor.deviceId, counted_at: args.countedAt, round,
  });
  if (line) rows.push(countLineRow(line));
  if (rows.length === 0) return [];
  await write.write(rows);
  return [scope];
}

/** Undo of a scan: the line stays, voided, while the session is being counted. */
export async function voidSessionLine(actor: CountingActor, args: CommandArgs<typeof voidCountLine>): Promise<string[]> {
  const { session, scope, write } = await openSession(actor, args.sessionId);
  const line = await readLine(actor.trx, actor.tenantId, args.lineId);
  if (!line || line.session_id !== session.id) {
    throw new CommandRejection(ErrorCode.NotFound, `Session ${session.name} has no line ${args.lineId} (was its scan rejected?); nothing was undone.`);
  }
  if (line.voided) return [];
  if (session.status !== 'counting') reject(`${describeStatus(session)}; the undo was not recorded.`);
  const voided = await voidLine(actor.trx, actor.tenantId, line.id, args.by, new Date());
  await write.write([countLineRow(voided)]);
  return [scope];
}
