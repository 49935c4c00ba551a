import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSyncCursor, encodeSyncCursor, type SyncCursor } from './sync-cursor';

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

  it.each(['', 'garbage!', Buffer.from('{"e":1}').toString('base64url'), Buffer.from('{"e":-1,"v":0,"k":null}').toString('base64url')])(
    'reads %j as no cursor at all',
    (value) => {
      expect(decodeSyncCursor(value)).toBeNull();
    },
  );
});
