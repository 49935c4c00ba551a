import { createHmac, timingSafeEqual } from 'node:crypto';
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

/** A cursor as a device sent it back, with the signature it carried, if any. */
export type SentCursor = SyncCursor & { m?: string };

const cursorSchema = z.object({
  e: z.number().int().nonnegative(),
  v: z.number().int().nonnegative(),
  k: z.tuple([z.string(), z.string()]).nullable(),
  s: z.number().int().nonnegative().optional(),
  m: z.string().max(64).optional(),
});

// 128 bits of HMAC-SHA256 is plenty to make a forged cursor hopeless.
function sign(cursor: SyncCursor, key: string): string {
  return createHmac('sha256', key).update(JSON.stringify([cursor.e, cursor.v, cursor.k, cursor.s ?? null])).digest('base64url').slice(0, 22);
}

/**
 * Cursors are opaque to devices. Signed with the scope's key, the server can tell one it issued
 * from one a device made up: only an issued cursor ahead of its scope proves a restore and raises
 * the epoch for the whole fleet; a made-up one resets only the device that sent it.
 */
export function encodeSyncCursor(cursor: SyncCursor, key = ''): string {
  const { e, v, k, s } = cursor;
  const body: SentCursor = s === undefined ? { e, v, k } : { e, v, k, s };
  if (key !== '') body.m = sign(cursor, key);
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The cursor, or null when the string is not one of ours (the scope is then reset). */
export function decodeSyncCursor(value: string): SentCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? (parsed.data as SentCursor) : null;
  } catch {
    return null;
  }
}

/** True when `key` signed this cursor; never for an empty key. */
export function cursorIsAuthentic(cursor: SentCursor, key: string): boolean {
  if (key === '' || cursor.m === undefined) return false;
  const expected = Buffer.from(sign(cursor, key));
  const given = Buffer.from(cursor.m);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
