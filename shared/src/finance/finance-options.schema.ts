import { z } from 'zod';
import { parseDay } from './days';

// The engine's options as they cross a boundary (tRPC on the server and in the desktop core, saved
// report settings): checked once here, so a bad date or period is a validation error naming the
// field rather than a failure deep in the maths.

export const isoDaySchema = z.string().refine((s) => s.length === 10 && !Number.isNaN(parseDay(s)), 'must be a calendar date (YYYY-MM-DD)');
export const ratioPeriodSchema = z.union([z.literal(30), z.literal(90), z.literal(365)]);
export const costingSchema = z.enum(['mac', 'fifo']);

export const agingOptionsSchema = z.object({
  ledger: z.enum(['AR', 'AP']),
  asOf: isoDaySchema,
  basis: z.enum(['due', 'invoice']).default('due'),
});

/** Ratios, drill-downs and the trend. */
export const ratioOptionsSchema = z.object({
  endOn: isoDaySchema,
  periodDays: ratioPeriodSchema,
  costing: costingSchema.default('mac'),
  months: z.number().int().min(1).max(60).default(12),
});

export const cashForecastOptionsSchema = z.object({
  asOf: isoDaySchema,
  openingCashMinor: z.number().int(),
  weeks: z.number().int().min(1).max(52).default(13),
  historyDays: z.number().int().min(30).max(3650).default(365),
  minHistory: z.number().int().min(1).max(100).default(3),
  forecastSales: z.object({
    weeks: z.array(z.object({ weekStart: isoDaySchema, revenueMinor: z.number().int(), lowMinor: z.number().int().optional(), highMinor: z.number().int().optional() })).max(104),
    marginPct: z.number().min(-100).max(100),
    collectionLagDays: z.number().int().min(0).max(365).optional(),
  }).optional(),
  plannedPurchases: z.array(z.object({
    id: z.string().min(1), payOn: isoDaySchema, amountMinor: z.number().int(), currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code'), description: z.string().max(500).optional(),
  })).max(5_000).default([]),
});

export const anomalyOptionsSchema = z.object({
  asOf: isoDaySchema,
  periodDays: ratioPeriodSchema.default(90),
  costing: costingSchema.default('mac'),
});
