import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app.error';
import { decodeStockCursor, encodeStockCursor } from './stock-cursor';

describe('stock cursor', () => {
  it('round-trips any key, commas and quotes included', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (siteId, locationId, itemId) => {
        expect(decodeStockCursor(encodeStockCursor({ siteId, locationId, itemId }))).toEqual({ siteId, locationId, itemId });
      }),
    );
  });

  it.each(['', 'not-a-cursor', Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('["a","b"]').toString('base64url')])(
    'refuses %j as a bad request',
    (cursor) => {
      expect(() => decodeStockCursor(cursor)).toThrow(AppError);
      expect(() => decodeStockCursor(cursor)).toThrow(/not a cursor/);
    },
  );
});
