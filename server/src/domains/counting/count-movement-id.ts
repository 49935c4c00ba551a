import { createHash } from 'node:crypto';

/**
 * The ledger id of a session's adjustment for one location and item: a uuid laid out as version
 * 5 from the sha1 of `count:<sessionId>:<locationId>:<itemId>`. Approving twice can only name the
 * same movements, which the ledger posts once.
 */
export function countMovementId(sessionId: string, locationId: string, itemId: string): string {
  const bytes = createHash('sha1').update(`count:${sessionId}:${locationId}:${itemId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
