import type { Kysely } from 'kysely';
import type { DeviceHealth } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { listCursors } from './confirmed-rows.repo';
import { getAckedMutationId } from './outbox.repo';
import { applyPullPage, pageHasMore } from './rebase.service';
import type { PulledPage, SyncTransport } from './sync-transport';

type Cursors = Record<string, string | null>;

export interface PullPagesOptions {
  db: Kysely<ReplicaDatabase>;
  transport: Pick<SyncTransport, 'pull'>;
  limit: number;
  /** After each applied page (progress for the status bar). */
  onPageApplied?: () => Promise<void> | void;
  /** Runs each page's apply (the engine's write gate, so an update never installs mid-page). */
  guard?: <T>(apply: () => Promise<T>) => Promise<T>;
  /** The station's health report, sent with every page request. */
  health?: DeviceHealth;
  /** An answer asked for a diagnostic bundle (`diagnosticsRequested`): the request's id. */
  onDiagnosticsRequested?: (requestId: string) => void;
}

/**
 * Pulls until the server has nothing more. Pages are applied in order, each in one transaction
 * with its cursors; the next one is requested as soon as the current one arrives, with the cursors
 * applying it will leave, so the server reads page N+1 while the replica writes page N. Should the
 * stored cursors differ from that prediction after all, the prefetched answer is dropped unread.
 * Returns the number of pages applied.
 */
export async function pullAllPages({ db, transport, limit, onPageApplied, guard = (apply) => apply(), health, onDiagnosticsRequested }: PullPagesOptions): Promise<number> {
  const request = (cursors: Cursors) => {
    const answer = transport.pull(health === undefined ? { cursors, limit } : { cursors, limit, health });
    // Handled here so a prefetch failing while a page is being applied is not an unhandled rejection;
    // awaiting `answer` later still throws its error.
    answer.catch(() => undefined);
    return answer;
  };
  let cursors = await listCursors(db);
  let next = request(cursors);
  for (let pages = 1; ; pages++) {
    const page = await next;
    if (page.diagnosticsRequested) onDiagnosticsRequested?.(page.diagnosticsRequested.requestId);
    const predicted = pageHasMore(page) ? cursorsAfterPage(cursors, page) : null;
    if (predicted) next = request(predicted);
    const { more } = await guard(async () => applyPullPage(db, page, await getAckedMutationId(db)));
    await onPageApplied?.();
    if (!more) return pages;
    cursors = await listCursors(db);
    if (!predicted || !sameCursors(cursors, predicted)) next = request(cursors);
  }
}

/** The cursors `applyPullPage` stores for `page` on top of `held` (what the next request sends). */
export function cursorsAfterPage(held: Cursors, page: PulledPage): Cursors {
  const next: Cursors = { ...held };
  for (const scope of page.leftScopes) delete next[scope];
  for (const scope of page.resetScopes) next[scope] = null;
  for (const scope of page.scopes) if (!(scope in next)) next[scope] = null;
  return { ...next, ...page.cursors };
}

function sameCursors(a: Cursors, b: Cursors): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && a[k] === b[k]);
}
