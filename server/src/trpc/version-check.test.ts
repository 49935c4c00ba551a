import { ErrorCode, SUPPORTED_PROTOCOL_VERSIONS, SUPPORTED_SCHEMA_VERSIONS } from '@capliquify/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app.error';
import { checkClientVersions } from './version-check';

function codeOf(sent: { protocol: string | null; schema: string | null }): string | null {
  try {
    checkClientVersions(sent);
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
}

describe('checkClientVersions', () => {
  it('accepts absent headers and every version inside the declared ranges', () => {
    expect(codeOf({ protocol: null, schema: null })).toBeNull();
    for (let p = SUPPORTED_PROTOCOL_VERSIONS.min; p <= SUPPORTED_PROTOCOL_VERSIONS.max; p += 1) {
      for (let s = SUPPORTED_SCHEMA_VERSIONS.min; s <= SUPPORTED_SCHEMA_VERSIONS.max; s += 1) {
        expect(codeOf({ protocol: String(p), schema: String(s) })).toBeNull();
      }
    }
  });

  it.each([
    [{ protocol: String(SUPPORTED_PROTOCOL_VERSIONS.max + 1), schema: null }],
    [{ protocol: String(SUPPORTED_PROTOCOL_VERSIONS.min - 1), schema: null }],
    [{ protocol: null, schema: String(SUPPORTED_SCHEMA_VERSIONS.max + 1) }],
    [{ protocol: '1.5', schema: null }],
    [{ protocol: 'latest', schema: null }],
  ])('answers UPDATE_REQUIRED for %o', (sent) => {
    expect(codeOf(sent)).toBe(ErrorCode.UpdateRequired);
  });
});

describe('checkClientVersions with another accepted range', () => {
  const supported = { protocol: { min: 2, max: 3 }, schema: { min: 1, max: 1 } };

  it('checks against it and says so in the details, so a client can tell which side is old', () => {
    expect(() => checkClientVersions({ protocol: '2', schema: '1' }, supported)).not.toThrow();
    try {
      checkClientVersions({ protocol: '1', schema: '1' }, supported);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: ErrorCode.UpdateRequired, details: { supported } });
      expect((error as AppError).message).toMatch(/accepts 2–3/);
    }
  });
});
