import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  countExpectedId, countExpectedSchema, countLineSchema, countSessionSchema, type CountExpected, type CountLine, type CountSession,
} from '@capliquify/shared';
import { rawStatement } from '../replica/raw-statements';
import type { CountExpectedTable, CountLinesTable, ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;
type Trx = Transaction<ReplicaDatabase>;
export type CountEntity = 'count_session' | 'count_expected' | 'count_line';

// Literal SQL with named parameters, prepared once per connection (see `rawStatement`): a
// bootstrap brings thousands of lines, and a scan writes one on the station's hot path.
const SQL = {
  upsertSession: `insert into count_sessions (id, site_id, status, created_at, data) values (@id, @site_id, @status, @created_at, @data)
    on conflict (id) do update set site_id = excluded.site_id, status = excluded.status, created_at = excluded.created_at, data = excluded.data`,
  upsertExpected: `insert into count_expected (id, session_id, location_id, item_id, frozen_qty, unit_cost_minor, movements_json, posted_json)
    values (@id, @session_id, @location_id, @item_id, @frozen_qty, @unit_cost_minor, @movements_json, @posted_json)
    on conflict (id) do update set session_id = excluded.session_id, location_id = excluded.location_id, item_id = excluded.item_id,
      frozen_qty = excluded.frozen_qty, unit_cost_minor = excluded.unit_cost_minor, movements_json = excluded.movements_json,
      posted_json = excluded.posted_json`,
  upsertLine: `insert into count_lines (id, session_id, location_id, item_id, barcode, lot, expiry, quantity, counter, device_id, counted_at, round, voided)
    values (@id, @session_id, @location_id, @item_id, @barcode, @lot, @expiry, @quantity, @counter, @device_id, @counted_at, @round, @voided)
    on conflict (id) do update set session_id = excluded.session_id, location_id = excluded.location_id, item_id = excluded.item_id,
      barcode = excluded.barcode, lot = excluded.lot, expiry = excluded.expiry, quantity = excluded.quantity, counter = excluded.counter,
      device_id = excluded.device_id, counted_at = excluded.counted_at, round = excluded.round, voided = excluded.voided`,
} as const;

/** Replicated count documents into their typed tables, each parsed with its shared schema (extra fields are dropped). */
export function writeCountRows(trx: Trx, entity: CountEntity, docs: readonly { id: string; data: unknown }[]): void {
  switch (entity) {
    case 'count_session':
      for (const { data } of docs) putSession(trx, countSessionSchema.parse(data));
      return;
    case 'count_expected':
      for (const { data } of docs) putExpected(trx, countExpectedSchema.parse(data));
      return;
    case 'count_line':
      for (const { data } of docs) putLine(trx, countLineSchema.parse(data));
      return;
  }
}

export async function deleteCountRow(db: Db, entity: CountEntity, id: string): Promise<void> {
  const table = entity === 'count_session' ? 'count_sessions' : entity === 'count_expected' ? 'count_expected' : 'count_lines';
  await db.deleteFrom(table).where('id', '=', id).execute();
}

export function putSession(trx: Trx, s: CountSession): void {
  rawStatement(trx, SQL.upsertSession).run({ id: s.id, site_id: s.siteId, status: s.status, created_at: s.createdAt, data: JSON.stringify(s) });
}

export function putExpected(trx: Trx, e: CountExpected): void {
  rawStatement(trx, SQL.upsertExpected).run({
    id: countExpectedId(e.sessionId, e.locationId, e.itemId), session_id: e.sessionId, location_id: e.locationId, item_id: e.itemId,
    frozen_qty: e.frozenQty, unit_cost_minor: e.unitCostMinor, movements_json: JSON.stringify(e.movements),
    posted_json: e.posted === null ? null : JSON.stringify(e.posted),
  } satisfies CountExpectedTable);
}

export function putLine(trx: Trx, l: CountLine): void {
  rawStatement(trx, SQL.upsertLine).run({
    id: l.id, session_id: l.sessionId, location_id: l.locationId, item_id: l.itemId, barcode: l.barcode, lot: l.lot, expiry: l.expiry,
    quantity: l.quantity, counter: l.counter, device_id: l.deviceId, counted_at: l.countedAt, round: l.round, voided: l.voided ? 1 : 0,
  } satisfies CountLinesTable);
}

export async function readSession(db: Db, id: string): Promise<CountSession | null> {
  const row = await db.selectFrom('count_sessions').select('data').where('id', '=', id).executeTakeFirst();
  return row ? JSON.parse(row.data) as CountSession : null;
}

export async function readLine(db: Db, id: string): Promise<CountLine | null> {
  const row = await db.selectFrom('count_lines').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toLine(row) : null;
}

export async function readExpected(db: Db, sessionId: string, locationId: string, itemId: string): Promise<CountExpected | null> {
  const row = await db.selectFrom('count_expected').selectAll().where('id', '=', countExpectedId(sessionId, locationId, itemId)).executeTakeFirst();
  return row ? toExpected(row) : null;
}

export async function listSessionExpected(db: Db, sessionId: string): Promise<CountExpected[]> {
  const rows = await db.selectFrom('count_expected').selectAll().where('session_id', '=', sessionId)
    .orderBy('location_id').orderBy('item_id').execute();
  return rows.map(toExpected);
}

export async function listSessionLines(db: Db, sessionId: string): Promise<CountLine[]> {
  const rows = await db.selectFrom('count_lines').selectAll().where('session_id', '=', sessionId).execute();
  return rows.map(toLine);
}

export function toLine(r: Selectable<CountLinesTable>): CountLine {
  return {
    id: r.id, sessionId: r.session_id, locationId: r.location_id, itemId: r.item_id, barcode: r.barcode, lot: r.lot, expiry: r.expiry,
    quantity: Number(r.quantity), counter: r.counter, deviceId: r.device_id, countedAt: r.counted_at, round: Number(r.round), voided: r.voided === 1,
  };
}

export function toExpected(r: Selectable<CountExpectedTable>): CountExpected {
  return {
    sessionId: r.session_id, locationId: r.location_id, itemId: r.item_id, frozenQty: Number(r.frozen_qty), unitCostMinor: Number(r.unit_cost_minor),
    movements: JSON.parse(r.movements_json) as CountExpected['movements'],
    posted: r.posted_json === null ? null : JSON.parse(r.posted_json) as CountExpected['posted'],
  };
}
