import type { WindowCounter, WindowHit } from './window-counter';

interface Window {
  count: number;
  endsAt: number;
}

/** Keys kept before expired windows are swept; many addresses must not grow the map without bound. */
const SWEEP_ABOVE_KEYS = 10_000;

/** One process's counters, for an app without Redis (and while Redis is away). */
export class MemoryWindowCounter implements WindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, cost: number, windowMs: number): Promise<WindowHit> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size >= SWEEP_ABOVE_KEYS) this.sweep(now);
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += cost;
    return { count: window.count, resetInMs: window.endsAt - now };
  }

  /** How many keys are held (the sweep's test reads it). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
