import type { CountLine, CountRecount, CountSession } from '@capliquify/shared';

// The server's rule for a recount request (server/src/domains/counting/count-session.service.ts),
// repeated here so an offline request shows the rounds and excluded counters it will get.

const key = (locationId: string, itemId: string) => `${locationId}|${itemId}`;

export type RecountPlan =
  | { ok: true; recounts: CountRecount[] }
  /** Rows with nothing expected or counted (or outside the session's locations): nothing to recount. */
  | { ok: false; outside: { locationId: string; itemId: string }[] };

/**
 * Each requested row gets the round after its latest counted one (at least 2), unless a recount
 * of it is already waiting for lines; the counters of its earlier rounds may not count it again.
 */
export function planRecounts(
  session: Pick<CountSession, 'locationIds' | 'recounts'>,
  expectedKeys: ReadonlySet<string>,
  lines: readonly CountLine[],
  requested: readonly { locationId: string; itemId: string }[],
  by: string,
  requestedAt: string,
): RecountPlan {
  const counted = new Map<string, { counter: string; round: number }[]>();
  for (const l of lines) {
    if (l.voided || l.itemId === null) continue;
    const k = key(l.locationId, l.itemId);
    const list = counted.get(k) ?? [];
    list.push({ counter: l.counter, round: l.round });
    counted.set(k, list);
  }
  const wanted = new Map(requested.map((r) => [key(r.locationId, r.itemId), r]));
  const outside = [...wanted.entries()]
    .filter(([k, r]) => !session.locationIds.includes(r.locationId) || (!expectedKeys.has(k) && !counted.has(k)))
    .map(([, r]) => r);
  if (outside.length > 0) return { ok: false, outside };

  const recounts = new Map(session.recounts.map((r) => [key(r.locationId, r.itemId), r]));
  for (const [k, { locationId, itemId }] of wanted) {
    const rowLines = counted.get(k) ?? [];
    const lineRound = Math.max(0, ...rowLines.map((l) => l.round));
    const current = recounts.get(k);
    const round = current && current.round > lineRound ? current.round : Math.max(2, lineRound + 1);
    const earlier = rowLines.filter((l) => l.round < round).map((l) => l.counter);
    const excludedCounters = [...new Set([...(current?.excludedCounters ?? []), ...earlier])].sort();
    recounts.set(k, { locationId, itemId, round, excludedCounters, requestedBy: by, requestedAt });
  }
  return { ok: true, recounts: [...recounts.values()] };
}

/** A recount's counter must differ from everyone who counted the row before (names compared loosely). */
/** A session with assigned counters takes lines from them only; none assigned means anyone at the site. */
export function assignedCounter(counters: readonly string[], counter: string): boolean {
  const name = counter.trim().toLocaleLowerCase();
  return counters.length === 0 || counters.some((c) => c.trim().toLocaleLowerCase() === name);
}

export function excludedFromRecount(recount: CountRecount | undefined, counter: string): boolean {
  const name = counter.trim().toLocaleLowerCase();
  return recount !== undefined && recount.excludedCounters.some((c) => c.trim().toLocaleLowerCase() === name);
}
