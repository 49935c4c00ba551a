import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseGtin14, ean13, gs1CheckDigit, isValidGtin } from './barcodes';

describe('GS1 barcodes', () => {
  it('computes the check digits printed on real products', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('590123412345')).toBe(7);
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('40063813339')).toBe(false);
    expect(isValidGtin('400638133393x')).toBe(false);
  });

  it('builds EAN-13s from a company prefix and item reference', () => {
    expect(ean13('5061874', 1)).toMatch(/^506187400001\d$/);
    expect(isValidGtin(ean13('5061874', 99_999))).toBe(true);
    expect(() => ean13('5061874', 100_000)).toThrow(/does not fit/);
  });

  it('makes valid codes whose single-digit typos are always caught', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{12}$/), fc.nat(12), fc.integer({ min: 1, max: 9 }), (data, position, shift) => {
      const code = ean13('', Number(data));
      expect(isValidGtin(code)).toBe(true);
      const digit = (Number(code[position]) + shift) % 10;
      const typo = `${code.slice(0, position)}${digit}${code.slice(position + 1)}`;
      expect(isValidGtin(typo)).toBe(false);
      const outer = caseGtin14(code);
      expect(outer).toHaveLength(14);
      expect(isValidGtin(outer)).toBe(true);
    }));
  });
});
