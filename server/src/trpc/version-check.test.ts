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
