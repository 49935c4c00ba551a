// A station PIN is short, so the rate limit is what protects it: five wrong tries lock it for
// five minutes, and each further lock lasts twice as long (capped at a day), until a good PIN
// or an online sign-in. Pure rules; the service stores the state.

export const PIN_ATTEMPTS_PER_LOCK = 5;
export const FIRST_PIN_LOCK_MS = 5 * 60_000;
const LONGEST_PIN_LOCK_MS = 24 * 3_600_000;

/** Why this PIN may not be used, or null when it may: 4–8 digits, not one digit repeated, not a run like 1234 or 9876. */
export function pinProblem(pin: string): string | null {
  if (!/^\d{4,8}$/.test(pin)) return 'A PIN is 4 to 8 digits.';
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return 'A PIN of one digit repeated is too easy to guess.';
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'A PIN of digits in a row (like 1234 or 9876) is too easy to guess.';
  return null;
}

/** How long the `lock`-th lock lasts (1-based): 5, 10, 20, 40 … minutes, at most a day. */
export function pinLockMs(lock: number): number {
  return Math.min(FIRST_PIN_LOCK_MS * 2 ** Math.max(0, lock - 1), LONGEST_PIN_LOCK_MS);
}

export interface PinFailures { attempts: number; locks: number; lockedUntil: Date | null }

/** The state after one more wrong PIN at `now`: the fifth wrong try in a row starts the next, longer lock. */
export function afterWrongPin(state: Pick<PinFailures, 'attempts' | 'locks'>, now: Date): PinFailures {
  const attempts = state.attempts + 1;
  if (attempts < PIN_ATTEMPTS_PER_LOCK) return { attempts, locks: state.locks, lockedUntil: null };
  const locks = state.locks + 1;
  return { attempts: 0, locks, lockedUntil: new Date(now.getTime() + pinLockMs(locks)) };
}

/** Whole seconds until `lockedUntil`, or null when it has passed (or there is none). */
export function secondsLocked(lockedUntil: Date | null, now: Date): number | null {
  if (lockedUntil === null) return null;
  const ms = lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : null;
}
