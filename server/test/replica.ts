import type { PullResponse } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema';
import { pull } from './sync';

/** What a device holds after following its pulls: rows by `scope/entity/id`, and its cursors. */
export interface TestReplica {
  cursors: Record<string, string | null>;
  rows: Map<string, unknown>;
}

export function emptyReplica(): TestReplica {
  return { cursors: {}, rows: new Map() };
}

function dropScope(replica: TestReplica, scope: string): void {
  for (const key of [...replica.rows.keys()]) if (key.startsWith(`${scope}/`)) replica.rows.delete(key);
}

/**
 * Pulls until `hasMore` is false and applies every page as the desktop does: a reset or a left
 * scope drops the scope's rows, a tombstone deletes its row. Returns the pages.
 */
export async function syncReplica(app: FastifyInstance, credential: string, replica: TestReplica, limit?: number): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  for (let i = 0; i < 100; i += 1) {
    const res = await pull(app, credential, replica.cursors, limit);
    if (res.status !== 200) throw new Error(`pull failed: ${JSON.stringify(res.error)}`);
    pages.push(res.data);
    for (const scope of res.data.leftScopes) {
      dropScope(replica, scope);
      delete replica.cursors[scope];
    }
    for (const scope of res.data.resetScopes) {
      dropScope(replica, scope);
      replica.cursors[scope] = null;
    }
    for (const scope of res.data.scopes) if (!(scope in replica.cursors)) replica.cursors[scope] = null;
    for (const c of res.data.changes) {
      const key = `${c.scope}/${c.entity}/${c.id}`;
      if (c.deleted) replica.rows.delete(key);
      else replica.rows.set(key, c.data);
    }
    Object.assign(replica.cursors, res.data.cursors);
    if (!res.data.hasMore) return pages;
  }
  throw new Error('pull did not finish in 100 pages');
}

/** The server's live replicated rows of `scopes`, keyed as in a TestReplica. */
export async function serverImage(db: Kysely<Database>, tenantId: string, scopes: string[]): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom('sync_rows').select(['scope', 'entity', 'id', 'data'])
    .where('tenant_id', '=', tenantId).where('scope', 'in', scopes).where('deleted', '=', false).execute();
  return new Map(rows.map((r) => [`${r.scope}/${r.entity}/${r.id}`, r.data]));
}

/** A map as a sorted plain object, so `toEqual` shows a readable difference. */
export function sortedObject(map: Map<string, unknown>): Record<string, unknown> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
