import { z } from 'zod';

// A working-capital scenario as plain JSON, so it can be saved, shared and compared side by side.
// Days are whole days; a change for one contact or category replaces the change for "all".

const days = z.number().int().min(-365).max(365);

/** Customer terms or collection speed: new terms in days, and/or days later (+) or sooner (−) than now. */
export const collectionChangeSchema = z.object({
  termsDays: z.number().int().min(0).max(365).optional(),
  shiftDays: days.optional(),
});
export type CollectionChange = z.infer<typeof collectionChangeSchema>;

/** Stock per category: a percentage change of its value, or the value that gives a target DIO. */
export const inventoryChangeSchema = z.union([
  z.object({ changePct: z.number().min(-100).max(1000) }).strict(),
  z.object({ targetDioDays: z.number().min(0).max(3650) }).strict(),
]);
export type InventoryChange = z.infer<typeof inventoryChangeSchema>;

const contactChanges = z.object({
  all: collectionChangeSchema.optional(),
  byContact: z.record(z.string(), collectionChangeSchema).default({}),
});

export const scenarioSchema = z.object({
  version: z.literal(1).default(1),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).optional(),
  customers: contactChanges.default({ byContact: {} }),
  suppliers: contactChanges.default({ byContact: {} }),
  inventory: z.object({
    all: inventoryChangeSchema.optional(),
    byCategory: z.record(z.string(), inventoryChangeSchema).default({}),
  }).default({ byCategory: {} }),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
