import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { countMovementId } from './count-movement-id';

describe('countMovementId', () => {
  it('is a version-5 uuid that depends only on the session, location and item', () => {
    const id = countMovementId('s-1', 'loc_a1', 'itm_bolt');
    expect(z.uuid().safeParse(id).success).toBe(true);
    // sha1 of the key, version and variant bits set, as Python's uuid module lays it out.
    expect(id).toBe('2dd2234d-9109-5196-afd4-8a0f0e15f979');
    expect(countMovementId('s-1', 'loc_a1', 'itm_bolt')).toBe(id);
    expect(new Set([id, countMovementId('s-2', 'loc_a1', 'itm_bolt'), countMovementId('s-1', 'loc_a2', 'itm_bolt'), countMovementId('s-1', 'loc_a1', 'itm_frame')]).size).toBe(4);
  });
});
