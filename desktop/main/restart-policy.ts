/** After this many crashes in a row the core is left down and the person is told. */
export const MAX_CONSECUTIVE_CRASHES = 5;
/** A core that ran this long before crashing counts as a fresh failure, not a crash loop. */
export const STABLE_UPTIME_MS = 60_000;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** Crashes in a row after one more exit, given how long the process had been up. */
export function crashesAfterExit(previousCrashes: number, uptimeMs: number): number {
  return uptimeMs >= STABLE_UPTIME_MS ? 1 : previousCrashes + 1;
}

/**
 * How long to wait before restarting the core after `consecutiveCrashes` crashes, or null to give
 * up: a replica that cannot open will not open on the sixth try either.
 */
export function restartDelayMs(consecutiveCrashes: number): number | null {
  if (consecutiveCrashes > MAX_CONSECUTIVE_CRASHES) return null;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, consecutiveCrashes - 1));
}
