import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { notFound } from '../errors/app.error';
import type { PokeBus } from './poke-bus';
import { raiseEpochs, type ScopeSummary } from './sync-rows.repo';

/**
 * Raises the epoch of `scope` (of every scope of the tenant when null), so every device drops it
 * and bootstraps it again on its next pull. For operators after restoring a backup: a pull only
 * notices a restore when a device shows a cursor ahead of it, and new writes may overtake those
 * cursors first. Devices listening on `bus` are poked so they pull at once.
 */
export async function resetScopes(db: Kysely<Database>, tenantId: string, scope: string | null, bus?: PokeBus | null): Promise<ScopeSummary[]> {
  const states = await raiseEpochs(db, tenantId, scope === null ? null : [scope]);
  if (scope !== null && states.length === 0) throw notFound(`No scope "${scope}"; \`capliquify sync status\` lists the scopes.`);
  if (states.length > 0) await bus?.publish({ tenantId, scopes: states.map((s) => s.scope) });
  return states;
}
