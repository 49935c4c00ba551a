import { z } from 'zod';

/**
 * A position in one scope's change stream: the scope's epoch and a keyset key on
 * (version, entity, id). `k: null` means "every row of version `v` and below". A bootstrap started
 * from a null cursor carries `s`, the scope version it began at: tombstones at or below it name
 * rows the device never received, so the rest of the bootstrap skips them too.
 */
export interface SyncCursor {
  e: number;
  v: number;
  k: [entity: string, id: string] | null;
  s?: number;
}

const cursorSchema = z.object({
  e: z.number().int().nonnegative(),
  v: z.number().int().nonnegative(),
  k: z.tuple([z.string(), z.string()]).nullable(),
  s: z.number().int().nonnegative().optional(),
});

export function encodeSyncCursor(cursor: SyncCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor, or null when the string is not one of ours (the scope is then reset). */
export function decodeSyncCursor(value: string): SyncCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? (parsed.data as SyncCursor) : null;
  } catch {
    return null;
  }
}
