import { describe, expect, it } from 'vitest';
import { describeUpdateRequired } from './version-mismatch';

const supported = (protocol: [number, number], schema: [number, number]) => ({
  protocol: { min: protocol[0], max: protocol[1] }, schema: { min: schema[0], max: schema[1] },
});

describe('describeUpdateRequired', () => {
  it('says the app must update when it is below the server’s range', () => {
    expect(describeUpdateRequired({ protocolVersion: 1, schemaVersion: 1 }, supported([2, 3], [1, 1]))).toEqual({
      outdated: 'app', message: 'This app is older than the sync server accepts (the server accepts protocol 2–3; this app speaks 1): install the app update.',
    });
  });

  it('says the server must update when the app is above its range, for the protocol or the schema', () => {
    expect(describeUpdateRequired({ protocolVersion: 2, schemaVersion: 1 }, supported([1, 1], [1, 1]))).toMatchObject({
      outdated: 'server', message: expect.stringMatching(/^The sync server is older than this app \(the server accepts protocol 1–1; this app speaks 2\)/),
    });
    expect(describeUpdateRequired({ protocolVersion: 1, schemaVersion: 4 }, supported([1, 2], [1, 3]))).toMatchObject({
      outdated: 'server', message: expect.stringMatching(/schema 1–3; this app speaks 4/),
    });
  });

  it('cannot tell without the ranges, or when the versions are inside them', () => {
    expect(describeUpdateRequired({ protocolVersion: 1, schemaVersion: 1 }, undefined)).toBeNull();
    expect(describeUpdateRequired({ protocolVersion: 1, schemaVersion: 1 }, { protocol: 'new' })).toBeNull();
    expect(describeUpdateRequired({ protocolVersion: 1, schemaVersion: 1 }, supported([1, 2], [1, 1]))).toBeNull();
  });
});
