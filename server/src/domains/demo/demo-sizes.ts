import type { DemoSize } from './demo.types';

/** How big the company is. `small` keeps every shape of `full` at a size tests can afford. */
export interface SizeProfile {
  days: number;
  plantBins: { aisles: number; bays: number; levels: number };
  warehouseBins: { aisles: number; bays: number; levels: number };
  finished: number;
  /** Made in the plant from raw materials only. */
  fabricated: number;
  /** Made in the plant from fabricated parts, bought components and raw materials. */
  subAssemblies: number;
  bought: number;
  raw: number;
  suppliers: number;
  wholesaleCustomers: number;
  /** Promotions per finished good and channel per year (fast and medium movers). */
  promotionsPerYear: number;
}

export const SIZE_PROFILES: Record<DemoSize, SizeProfile> = {
  full: {
    days: 730,
    plantBins: { aisles: 4, bays: 3, levels: 2 },
    warehouseBins: { aisles: 3, bays: 5, levels: 1 },
    finished: 240,
    fabricated: 240,
    subAssemblies: 100,
    bought: 320,
    raw: 1100,
    suppliers: 36,
    wholesaleCustomers: 14,
    promotionsPerYear: 1.6,
  },
  small: {
    days: 90,
    plantBins: { aisles: 1, bays: 3, levels: 1 },
    warehouseBins: { aisles: 1, bays: 2, levels: 1 },
    finished: 10,
    fabricated: 8,
    subAssemblies: 4,
    bought: 8,
    raw: 30,
    suppliers: 5,
    wholesaleCustomers: 4,
    promotionsPerYear: 6,
  },
};
