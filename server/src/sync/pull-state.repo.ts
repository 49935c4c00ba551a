import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/schema';
import { changesQuery, type ChangeQuery, type ScopeState, type SyncRowRead } from './sync-rows.repo';

type Db = Kysely<Database> | Transaction<Database>;

export interface PullingDevice {
  id: string;
  siteId: string | null;
  lastMutationId: number;
  revoked: boolean;
  /** A diagnostic bundle an admin asked the device for (the pull answer says so until it is sent). */
  diagnosticsRequestId: string | null;
}

export interface PullState {
  scopes: Map<string, ScopeState>;
  devices: Map<string, PullingDevice>;
  /** The rows of each query in `changes`, in its order. */
  changes: SyncRowRead[][];
}

interface RawChange { entity: string; id: string; version: number | string; deleted: boolean; data: Record<string, unknown> | null }

/**
 * The scopes' states, the pulling devices' rows and, optionally, pages of changes, in one round
 * trip: one statement, so one snapshot. A scope never written is absent; so is a device that
 * does not exist.
 */
export async function readPullState(db: Db, tenantId: string, scopes: string[], deviceIds: string[], changes: ChangeQuery[] = []): Promise<PullState> {
  const row = await db.selectNoFrom((eb) => [
    jsonArrayFrom(eb.selectFrom('sync_scopes')
      // int8 as text: JSON numbers would lose digits past 2^53.
      .select(['scope', 'epoch', sql<string>`version::text`.as('version'), sql<string>`min_version::text`.as('min_version'), 'cursor_key'])
      .where('tenant_id', '=', tenantId).where('scope', 'in', scopes.length > 0 ? scopes : [''])).as('scopes'),
    jsonArrayFrom(eb.selectFrom('devices')
      .select(['id', 'site_id', sql<string>`last_mutation_id::text`.as('last_mutation_id'), sql<boolean>`revoked_at is not null`.as('revoked'), 'diagnostics_request_id'])
      .where('tenant_id', '=', tenantId).where('id', 'in', deviceIds.length > 0 ? deviceIds : [''])).as('devices'),
    // The aggregate's own ORDER BY keeps the keyset order (the database's collation) in the array.
    ...changes.map((q, i) => sql<RawChange[]>`(select coalesce(json_agg(r order by r.version, r.entity, r.id), '[]'::json) from (${changesQuery(db, q)}) as r)`.as(`c${i}`)),
  ]).executeTakeFirstOrThrow() as { scopes: { scope: string; epoch: number; version: string; min_version: string; cursor_key: string }[]; devices: { id: string; site_id: string | null; last_mutation_id: string; revoked: boolean; diagnostics_request_id: string | null }[] } & Record<string, RawChange[]>;
  return {
    scopes: new Map(row.scopes.map((s) => [s.scope, { scope: s.scope, version: Number(s.version), epoch: s.epoch, minVersion: Number(s.min_version), cursorKey: s.cursor_key }])),
    devices: new Map(row.devices.map((d) => [d.id, { id: d.id, siteId: d.site_id, lastMutationId: Number(d.last_mutation_id), revoked: d.revoked, diagnosticsRequestId: d.diagnostics_request_id }])),
    changes: changes.map((_, i) => row[`c${i}`]!.map((r) => ({ entity: r.entity, id: r.id, version: Number(r.version), deleted: r.deleted, data: r.data }))),
  };
}
