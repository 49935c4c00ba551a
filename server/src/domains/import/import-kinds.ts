import { z } from 'zod';

/** What a batch import brings in; each kind has its columns and rules under `kinds/`. */
export const IMPORT_KINDS = ['items', 'stock_counts', 'opening_balances', 'boms'] as const;
export const importKindSchema = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKindSchema>;

/**
 * `good_rows` imports every row that passes and lists the others; `all_or_nothing` validates the
 * whole file first and imports it in one transaction only when every row passes.
 */
export const IMPORT_MODES = ['good_rows', 'all_or_nothing'] as const;
export const importModeSchema = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof importModeSchema>;

export type ImportStatus = 'queued' | 'validating' | 'importing' | 'done' | 'failed';
