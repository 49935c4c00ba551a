import { describe, expect, it } from 'vitest';
import { codeDigits, keyBlocks } from './authenticator-key';

describe('the authenticator key as shown', () => {
  it('is cut into blocks of four, the last one shorter, spaces, padding and case ignored', () => {
    expect(keyBlocks('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toEqual(['JBSW', 'Y3DP', 'EHPK', '3PXP', 'JBSW', 'Y3DP', 'EHPK', '3PXP']);
    expect(keyBlocks('jbsw y3dp ehp==')).toEqual(['JBSW', 'Y3DP', 'EHP']);
    expect(keyBlocks('')).toEqual([]);
  });

  it('keeps the digits of a typed or pasted code, at most six', () => {
    expect(codeDigits('123 456')).toBe('123456');
    expect(codeDigits('12a3-4567')).toBe('123456');
    expect(codeDigits('')).toBe('');
  });
});
