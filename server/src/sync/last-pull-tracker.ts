/** `last_pull_at` is informational (admins' `sync status`): at most one write per device this often. */
export const LAST_PULL_TOUCH_MS = 5_000;

export interface LastPullTracker {
  /** The devices among `deviceIds` whose last recorded pull is older than the interval; marks them recorded. */
  due(deviceIds: string[], now?: number): string[];
}

/** In memory, per process: several API instances may each write once per interval, which is harmless. */
export function createLastPullTracker(intervalMs = LAST_PULL_TOUCH_MS, maxDevices = 100_000): LastPullTracker {
  const touched = new Map<string, number>();
  return {
    due: (deviceIds, now = Date.now()) => {
      const due: string[] = [];
      for (const id of new Set(deviceIds)) {
        const at = touched.get(id);
        if (at !== undefined && now - at < intervalMs) continue;
        touched.delete(id);
        // Oldest first in insertion order: past the bound the stalest entry goes (at worst, one extra write).
        if (touched.size >= maxDevices) touched.delete(touched.keys().next().value!);
        touched.set(id, now);
        due.push(id);
      }
      return due;
    },
  };
}
