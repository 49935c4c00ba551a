import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CountExpectedTable, Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;
export type CountExpectedRecord = Selectable<CountExpectedTable>;

/**
 * Freezes a full count: one row per location of the session and item with a non-zero balance
 * there, at the item's cost now. One statement, so the balances are those of one instant.
 */
export async function freezeFullCount(db: Db, tenantId: string, sessionId: string, locationIds: string[]): Promise<CountExpectedRecord[]> {
  const { rows } = await sql<CountExpectedRecord>`
    insert into count_expected (tenant_id, session_id, location_id, item_id, frozen_qty, unit_cost_minor)
    select ${tenantId}, ${sessionId}, m.location_id, m.item_id, sum(m.quantity), i.cost_minor
    from stock_movements m
    join items i on i.tenant_id = m.tenant_id and i.id = m.item_id
    where m.tenant_id = ${tenantId} and m.location_id in (select jsonb_array_elements_text(${JSON.stringify(locationIds)}::jsonb))
    group by m.location_id, m.item_id, i.cost_minor
    having sum(m.quantity) <> 0
    on conflict do nothing
    returning *`.execute(db);
  return rows;
}

/** Freezes a cycle count: every location of the session × every listed item, zero balances included. */
export async function freezeCycleCount(db: Db, tenantId: string, sessionId: string, locationIds: string[], itemIds: string[]): Promise<CountExpectedRecord[]> {
  const { rows } = await sql<CountExpectedRecord>`
    insert into count_expected (tenant_id, session_id, location_id, item_id, frozen_qty, unit_cost_minor)
    select ${tenantId}, ${sessionId}, l.id, i.id,
      coalesce((select sum(m.quantity) from stock_movements m
        where m.tenant_id = ${tenantId} and m.item_id = i.id and m.location_id = l.id), 0),
      i.cost_minor
    from jsonb_array_elements_text(${JSON.stringify(locationIds)}::jsonb) as l(id)
    cross join items i
    where i.tenant_id = ${tenantId} and i.id in (select jsonb_array_elements_text(${JSON.stringify(itemIds)}::jsonb))
    on conflict do nothing
    returning *`.execute(db);
  return rows;
}

/** The row of a counted item nothing was expected of: frozen at 0, at the item's cost now. Null when it exists. */
export async function insertUnexpected(db: Db, tenantId: string, sessionId: string, locationId: string, itemId: string): Promise<CountExpectedRecord | null> {
  const { rows } = await sql<CountExpectedRecord>`
    insert into count_expected (tenant_id, session_id, location_id, item_id, frozen_qty, unit_cost_minor)
    select ${tenantId}, ${sessionId}, ${locationId}, i.id, 0, i.cost_minor from items i where i.tenant_id = ${tenantId} and i.id = ${itemId}
    on conflict do nothing
    returning *`.execute(db);
  return rows[0] ?? null;
}

export interface CountedMovement {
  siteId: string; locationId: string; itemId: string;
  /** Signed change to on-hand, as stored in the ledger. */
  quantity: number;
  /** Server time, ISO. */
  at: string;
}

/**
 * Appends a movement to the expected row of every session still counting (or submitted) that
 * covers its location and item, creating the row at 0 when the item was not expected there.
 * One statement; returns the rows changed.
 */
export async function appendToOpenSessions(db: Db, tenantId: string, m: CountedMovement): Promise<CountExpectedRecord[]> {
  const entry = JSON.stringify([{ at: m.at, quantity: m.quantity }]);
  const { rows } = await sql<CountExpectedRecord>`
    insert into count_expected (tenant_id, session_id, location_id, item_id, frozen_qty, unit_cost_minor, movements)
    select s.tenant_id, s.id, ${m.locationId}, i.id, 0, i.cost_minor, ${entry}::jsonb
    from count_sessions s
    join items i on i.tenant_id = s.tenant_id and i.id = ${m.itemId}
    where s.tenant_id = ${tenantId} and s.site_id = ${m.siteId} and s.status in ('counting', 'submitted')
      and s.location_ids @> jsonb_build_array(${m.locationId}::text)
      and (s.item_ids is null or s.item_ids @> jsonb_build_array(${m.itemId}::text))
    on conflict (tenant_id, session_id, location_id, item_id)
      do update set movements = count_expected.movements || excluded.movements
    returning *`.execute(db);
  return rows;
}

export async function listSessionExpected(db: Db, tenantId: string, sessionId: string): Promise<CountExpectedRecord[]> {
  return db.selectFrom('count_expected').selectAll().where('tenant_id', '=', tenantId).where('session_id', '=', sessionId)
    .orderBy('location_id').orderBy('item_id').execute();
}

/** Every expected row of a site's sessions, for the rebuild of its scope. */
export async function listSiteExpected(db: Db, tenantId: string, siteId: string): Promise<CountExpectedRecord[]> {
  return db.selectFrom('count_expected').selectAll('count_expected')
    .innerJoin('count_sessions', (j) => j.onRef('count_sessions.tenant_id', '=', 'count_expected.tenant_id').onRef('count_sessions.id', '=', 'count_expected.session_id'))
    .where('count_expected.tenant_id', '=', tenantId).where('count_sessions.site_id', '=', siteId)
    .orderBy('count_expected.session_id').orderBy('count_expected.location_id').orderBy('count_expected.item_id').execute();
}

export async function readExpected(db: Db, tenantId: string, sessionId: string, locationId: string, itemId: string): Promise<CountExpectedRecord | undefined> {
  return db.selectFrom('count_expected').selectAll().where('tenant_id', '=', tenantId).where('session_id', '=', sessionId)
    .where('location_id', '=', locationId).where('item_id', '=', itemId).executeTakeFirst();
}

export async function markPosted(db: Db, tenantId: string, sessionId: string, locationId: string, itemId: string, posted: { movementId: string; quantity: number; at: Date }): Promise<CountExpectedRecord> {
  return db.updateTable('count_expected')
    .set({ posted_movement_id: posted.movementId, posted_quantity: posted.quantity, posted_at: posted.at })
    .where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).where('location_id', '=', locationId).where('item_id', '=', itemId)
    .returningAll().executeTakeFirstOrThrow();
}
