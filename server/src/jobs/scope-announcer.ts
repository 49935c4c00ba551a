import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import type { ScopeChange } from '../sync/poke-bus';
import { listScopeVersions } from '../sync/sync-rows.repo';

// A job that changes replicated data (new forecasts, a finance refresh, an integration's sync,
// an import) moves scope versions with no device push to poke anyone. The runner notes every
// scope's version before an attempt and, after it (failed or not: what committed stays), pokes
// each tenant's stations for the scopes that moved, so they pull now rather than at their next poll.

export type AnnounceScopes = (change: ScopeChange) => Promise<void>;

export interface ScopeWatch {
  /** Pokes for every scope that moved since the watch began; a failure is logged, never thrown. */
  announce(): Promise<void>;
}

export async function watchScopes(db: Kysely<Database>, announce: AnnounceScopes, log: Logger): Promise<ScopeWatch> {
  const key = (s: { tenantId: string; scope: string }) => `${s.tenantId}\u0000${s.scope}`;
  const before = new Map((await listScopeVersions(db)).map((s) => [key(s), s.at]));
  return {
    async announce() {
      try {
        const moved = new Map<string, string[]>();
        for (const s of await listScopeVersions(db)) {
          if (before.get(key(s)) === s.at) continue;
          moved.set(s.tenantId, [...(moved.get(s.tenantId) ?? []), s.scope]);
        }
        for (const [tenantId, scopes] of moved) await announce({ tenantId, scopes: scopes.sort() });
      } catch (error) {
        // Stations still find the change on their next poll.
        log.warn({ err: error }, 'could not poke the stations of the scopes this job changed');
      }
    },
  };
}
