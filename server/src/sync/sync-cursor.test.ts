import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorIsAuthentic, decodeSyncCursor, encodeSyncCursor, type SyncCursor } from './sync-cursor';

describe('sync cursor', () => {
  it('round-trips any position, with or without a key and a bootstrap mark', () => {
    const key = fc.option(fc.tuple(fc.string(), fc.string()), { nil: null });
    fc.assert(
      fc.property(fc.nat(), fc.nat(), key, fc.option(fc.nat(), { nil: undefined }), (e, v, k, s) => {
        const cursor: SyncCursor = s === undefined ? { e, v, k } : { e, v, k, s };
        expect(decodeSyncCursor(encodeSyncCursor(cursor))).toEqual(cursor);
      }),
    );
  });

  it('tells a cursor signed with the scope key from one made up or signed with another key', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (e, v, delta, key, other) => {
        const issued = decodeSyncCursor(encodeSyncCursor({ e, v, k: null }, key))!;
        expect(cursorIsAuthentic(issued, key)).toBe(true);
        // Moving the position invalidates the signature, as does any other key, or none at all.
        expect(cursorIsAuthentic({ ...issued, v: v + delta + 1 }, key)).toBe(false);
        if (other !== key) expect(cursorIsAuthentic(issued, other)).toBe(false);
        expect(cursorIsAuthentic(decodeSyncCursor(encodeSyncCursor({ e, v, k: null }))!, key)).toBe(false);
        expect(cursorIsAuthentic(issued, '')).toBe(false);
      }),
    );
  });

  it.each(['', 'garbage!', Buffer.from('{"e":1}').toString('base64url'), Buffer.from('{"e":-1,"v":0,"k":null}').toString('base64url')])(
    'reads %j as no cursor at all',
    (value) => {
      expect(decodeSyncCursor(value)).toBeNull();
    },
  );
});
