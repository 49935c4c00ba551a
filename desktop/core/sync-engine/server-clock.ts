import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { MetaKey, getMeta, setMeta } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';

/** What one answer says about the offset (server clock − device clock, ms): it lies in [low, high]. */
export interface OffsetBounds { low: number; high: number }

/**
 * The bounds one sync answer puts on the offset. Its `date` header is the server's clock truncated
 * to the second, read at some instant between the request leaving and the answer arriving.
 */
export function offsetBounds(dateHeader: string, sentAtMs: number, receivedAtMs: number): OffsetBounds | null {
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server) || receivedAtMs < sentAtMs) return null;
  return { low: server - receivedAtMs, high: server + 999 - sentAtMs };
}

/**
 * The offset the most recent answers agree on: their bounds intersected from the newest back, as
 * long as the intersection is not empty (a device clock that jumped breaks with the older ones),
 * then its middle. One answer alone is good to about half a second plus the round trip; answers
 * landing at different points of the second narrow it to a few milliseconds.
 */
export function estimateOffset(newestFirst: readonly OffsetBounds[]): number | null {
  const [first, ...rest] = newestFirst;
  if (!first) return null;
  let { low, high } = first;
  for (const b of rest) {
    const nextLow = Math.max(low, b.low);
    const nextHigh = Math.min(high, b.high);
    if (nextLow > nextHigh) break;
    [low, high] = [nextLow, nextHigh];
  }
  return Math.round((low + high) / 2);
}

/** The device's view of the server's clock, fed by the transport with every sync answer. */
export interface ServerClock {
  /** This device's clock (injectable: tests play a device whose clock is hours off). */
  localNow(): number;
  /** Server time now as this device estimates it: its clock plus the measured offset. */
  now(): Date;
  offsetMs(): number;
  observe(dateHeader: string | null, sentAtMs: number, receivedAtMs: number): void;
}

const KEPT_ANSWERS = 16;

export interface ServerClockOptions {
  localNow?: () => number;
  /** The last offset measured (kept across restarts, so a station that starts offline still corrects its clock). */
  initialOffsetMs?: number;
  onChange?: (offsetMs: number) => void;
}

export function createServerClock({ localNow = Date.now, initialOffsetMs = 0, onChange }: ServerClockOptions = {}): ServerClock {
  const answers: OffsetBounds[] = [];
  let offset = initialOffsetMs;
  return {
    localNow,
    now: () => new Date(localNow() + offset),
    offsetMs: () => offset,
    observe(dateHeader, sentAtMs, receivedAtMs) {
      const bounds = dateHeader === null ? null : offsetBounds(dateHeader, sentAtMs, receivedAtMs);
      if (!bounds) return;
      answers.unshift(bounds);
      answers.length = Math.min(answers.length, KEPT_ANSWERS);
      const next = estimateOffset(answers) ?? offset;
      if (next === offset) return;
      offset = next;
      onChange?.(offset);
    },
  };
}

/**
 * The station's clock, starting from the offset stored in the replica and storing each new one.
 * Stored without waiting: the answer that measured it must not wait on a disk write.
 */
export async function loadServerClock(db: Kysely<ReplicaDatabase>, logger: Logger, localNow?: () => number): Promise<ServerClock> {
  const stored = Number(await getMeta(db, MetaKey.ClockOffsetMs));
  let writing: Promise<void> = Promise.resolve();
  return createServerClock({
    localNow,
    initialOffsetMs: Number.isFinite(stored) ? stored : 0,
    onChange(offsetMs) {
      writing = writing
        .then(() => setMeta(db, MetaKey.ClockOffsetMs, String(offsetMs)))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not store the clock offset'));
    },
  });
}
