// Unleashed's monthly call quota: every call counts, the count resets on the 1st of each month at
// 00:00 UTC, and once it is spent every request is refused until then. We warn at 80 % and 95 %
// (Unleashed's own e-mails come at 90 % and 95 %: ours arrive first) and at 100 %.

export const QUOTA_WARNING_LEVELS = [80, 95, 100] as const;
export type QuotaLevel = 0 | (typeof QUOTA_WARNING_LEVELS)[number];

/** The calendar month (UTC) a call belongs to, as YYYY-MM. */
export function quotaPeriod(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** When the quota of the month holding `at` is renewed: the 1st of the next month, 00:00 UTC. */
export function nextQuotaReset(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** The highest warning level `calls` has reached out of `quota` (0 below 80 %). */
export function quotaLevel(calls: number, quota: number): QuotaLevel {
  let level: QuotaLevel = 0;
  for (const pct of QUOTA_WARNING_LEVELS) if (calls * 100 >= quota * pct) level = pct;
  return level;
}
