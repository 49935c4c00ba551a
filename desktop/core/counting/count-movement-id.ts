import { createHash } from 'node:crypto';

/**
 * The ledger id the server gives a session's adjustment for one location and item (the same
 * function as server/src/domains/counting/count-movement-id.ts): a uuid laid out as version 5 from
 * the sha1 of `count:<sessionId>:<locationId>:<itemId>`. Only the prediction of an approval made
 * offline shows it; the server's document replaces it on the next pull.
 */
export function countMovementId(sessionId: string, locationId: string, itemId: string): string {
  const bytes = createHash('sha1').update(`count:${sessionId}:${locationId}:${itemId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
