import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gtinCheckDigitValid, lookupKeys, MAX_SCAN_LENGTH, parseScan, scanCode } from './gs1';
import type { ScanResult, ScanValue } from './gs1';

const GS = '\x1d';
const opts = { referenceYear: 2026 };

function value(result: ScanResult): ScanValue {
  if (!result.ok) throw new Error(`expected a parse, got: ${result.error}`);
  return result.value;
}
function error(result: ScanResult): string {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('parseScan: GS1', () => {
  const expected = { kind: 'gs1', gtin: '09501101530003', lot: 'ABC', expiry: '2026-12-31', serial: null, quantity: null };

  it('reads the printed human-readable form', () => {
    expect(value(parseScan('(01)09501101530003(10)ABC(17)261231', opts))).toEqual(expected);
    expect(value(parseScan('(01) 09501101530003 (17) 261231 (10) ABC', opts))).toEqual(expected);
  });

  it('reads element strings behind every GS1 symbology identifier, FNC1 sent as GS', () => {
    for (const prefix of [']C1', ']e0', ']d2', ']Q3', ']J1', GS]) {
      expect(value(parseScan(`${prefix}010950110153000317261231${'10'}ABC${GS}`, opts))).toEqual(expected);
      expect(value(parseScan(`${prefix}0109501101530003${'10'}ABC${GS}17261231\r\n`, opts))).toEqual(expected);
    }
  });

  it('reads a GS1-128 from a scanner that sends no symbology identifier', () => {
    expect(value(parseScan('01095011015300031726123110ABC', opts))).toEqual(expected);
  });

  it('tolerates a separator after a fixed-length element', () => {
    expect(value(parseScan(`]C10109501101530003${GS}10ABC${GS}17261231`, opts))).toEqual(expected);
  });

  it('reads serials and counts, and takes the content GTIN of a logistic unit', () => {
    expect(value(parseScan(`]d20109501101530003${'21'}SN-0001${GS}30${'12'}`, opts))).toMatchObject({ serial: 'SN-0001', quantity: 12 });
    const pallet = value(parseScan(`]C100106141411234567897${'02'}19501101530000${'37'}24${GS}10LOT1`, opts));
    expect(pallet).toEqual({ kind: 'gs1', gtin: '19501101530000', lot: 'LOT1', expiry: null, serial: null, quantity: 24 });
  });

  it('steps over AIs it does not use (dates, weights, internal data)', () => {
    const scan = parseScan('(01)09501101530003(11)250101(3103)001250(91)ZONE-7(10)ABC(17)261231', opts);
    expect(value(scan)).toEqual(expected);
  });

  it('reads a day 00 as the last day of the month, leap years included', () => {
    const expiry = (yymmdd: string) => (value(parseScan(`(01)09501101530003(17)${yymmdd}`, opts)) as { expiry: string }).expiry;
    expect(expiry('240200')).toBe('2024-02-29');
    expect(expiry('250200')).toBe('2025-02-28');
    expect(expiry('261100')).toBe('2026-11-30');
    expect(expiry('271200')).toBe('2027-12-31');
  });

  it('places two-digit years in GS1’s rolling century', () => {
    const expiry = (yymmdd: string, referenceYear: number) => (value(parseScan(`(01)09501101530003(17)${yymmdd}`, { referenceYear })) as { expiry: string }).expiry;
    expect(expiry('760101', 2026)).toBe('2076-01-01');
    expect(expiry('770101', 2026)).toBe('1977-01-01');
    expect(expiry('410101', 2090)).toBe('2041-01-01');
    expect(expiry('400101', 2090)).toBe('2140-01-01');
  });

  it('names what is wrong with a malformed GS1 barcode', () => {
    expect(error(parseScan('(01)09501101530004(10)ABC', opts))).toBe('AI (01) GTIN 09501101530004 has a bad check digit (expected 3)');
    expect(error(parseScan('(01)09501101530003(17)261331', opts))).toBe('AI (17) expiry date 261331 is not a valid date (YYMMDD)');
    expect(error(parseScan('(01)09501101530003(17)260230', opts))).toMatch(/AI \(17\) expiry date 260230 is not a valid date/);
    expect(error(parseScan('(01)09501101530003(15)261301', opts))).toMatch(/AI \(15\) best before date/);
    expect(error(parseScan(']C1010950110153', opts))).toBe('AI (01) GTIN is truncated: 14 characters expected, got 10');
    expect(error(parseScan(`]C1010950110153${GS}10ABC`, opts))).toMatch(/AI \(01\) GTIN is truncated/);
    expect(error(parseScan('(01)095011015300', opts))).toMatch(/truncated: 14 characters expected, got 12/);
    expect(error(parseScan('(01)095011015300031', opts))).toBe('AI (01) GTIN must be 14 characters, got 15');
    expect(error(parseScan(']C1010950110153000317', opts))).toMatch(/^AI \(17\) expiry date is truncated/);
    expect(error(parseScan(']C101095011015300033', opts))).toBe('truncated element at the end: "3"');
    expect(error(parseScan(']C10109501101530003390', opts))).toBe('truncated element at the end: "390"');
    expect(error(parseScan(']C1010950110153000388ABC', opts))).toBe('unknown application identifier at "88AB"');
    expect(error(parseScan('(01)09501101530003(88)ABC', opts))).toBe('unknown application identifier (88)');
    expect(error(parseScan(`]C1010950110153000310${'A'.repeat(21)}`, opts))).toMatch(/AI \(10\) lot is longer than 20 characters: a group separator \(FNC1\) may be missing/);
    expect(error(parseScan(`]C1010950110153000310${GS}21X`, opts))).toBe('AI (10) lot is empty');
    expect(error(parseScan('(01)09501101530003(10)AB C', opts))).toBe('AI (10) lot has a character GS1 does not allow: " "');
    expect(error(parseScan('(01)09501101530003(30)12a', opts))).toBe('AI (30) count must be digits, got "12a"');
    expect(error(parseScan('(01)09501101530003(10)A(10)B', opts))).toBe('AI (10) lot appears twice');
    expect(error(parseScan('(10)ABC(17)261231', opts))).toBe('the GS1 barcode has no GTIN (AI 01 or 02); it has (10)(17)');
    expect(error(parseScan(`]d2${GS}`, opts))).toBe('the GS1 barcode has no data');
    expect(error(parseScan(']d2', opts))).toBe('the scan has nothing after its symbology identifier ]d2');
  });
});

describe('parseScan: plain codes', () => {
  it('normalises EAN-13, UPC-A, EAN-8 and GTIN-14 with a valid check digit to 14 digits', () => {
    expect(value(parseScan('4006381333931'))).toEqual({ kind: 'code', code: '4006381333931', gtin: '04006381333931' });
    expect(value(parseScan(']E0036000291452'))).toEqual({ kind: 'code', code: '036000291452', gtin: '00036000291452' });
    expect(value(parseScan(']E496385074'))).toEqual({ kind: 'code', code: '96385074', gtin: '00000096385074' });
    expect(value(parseScan('19501101530000\n'))).toEqual({ kind: 'code', code: '19501101530000', gtin: '19501101530000' });
  });

  it('keeps other codes as scanned, without their symbology identifier', () => {
    expect(value(parseScan(']C0LOC-A-01'))).toEqual({ kind: 'code', code: 'LOC-A-01', gtin: null });
    expect(value(parseScan('4006381333932'))).toEqual({ kind: 'code', code: '4006381333932', gtin: null });
    expect(value(parseScan('0109501101530004'))).toEqual({ kind: 'code', code: '0109501101530004', gtin: null });
    expect(value(parseScan(']E001234565'))).toEqual({ kind: 'code', code: '01234565', gtin: null });
  });

  it('rejects an EAN/UPC symbol whose check digit is wrong, and unusable scans', () => {
    expect(error(parseScan(']E04006381333932'))).toBe('the EAN/UPC barcode 4006381333932 has a bad check digit (expected 1)');
    expect(error(parseScan('  \r\n'))).toBe('the scan is empty');
    expect(error(parseScan('AB\x07C'))).toBe('the scan contains a control character "\\u0007": check the scanner\'s prefix and suffix settings');
    expect(error(parseScan('X'.repeat(MAX_SCAN_LENGTH + 1)))).toBe('the barcode is longer than 100 characters');
  });
});

describe('lookupKeys', () => {
  it('looks a GS1 scan up by its GTIN-14 and the EAN-13 the item stores', () => {
    const scan = value(parseScan('(01)09501101530003(10)ABC'));
    expect(lookupKeys(scan)).toEqual(['09501101530003', '9501101530003']);
    expect(scanCode(scan)).toBe('09501101530003');
  });
  it('looks a plain code up as scanned first, then by its GTIN forms', () => {
    expect(lookupKeys(value(parseScan('4006381333931')))).toEqual(['4006381333931', '04006381333931']);
    expect(lookupKeys(value(parseScan('036000291452')))).toEqual(['036000291452', '00036000291452', '0036000291452']);
    expect(lookupKeys(value(parseScan('96385074')))).toEqual(['96385074', '00000096385074', '0000096385074', '000096385074']);
    expect(lookupKeys(value(parseScan('LOC-A-01')))).toEqual(['LOC-A-01']);
  });
});

// An independent check digit (weights from the left over 13 data digits) so the properties do not trust the parser's.
function withCheckDigit(data13: string): string {
  const sum = [...data13].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${data13}${(10 - (sum % 10)) % 10}`;
}
const gtin14 = fc.stringMatching(/^\d{13}$/).map(withCheckDigit);
const CHARSET_82 = [...'!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'];
const gs1Text = (humanReadable: boolean) => fc.string({ unit: fc.constantFrom(...CHARSET_82.filter((c) => !humanReadable || !'()'.includes(c))), minLength: 1, maxLength: 20 });
const isoDate = fc.integer({ min: Date.UTC(1977, 0, 1), max: Date.UTC(2076, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

const FIXED = new Set(['01', '02', '17', '11', '3103']);

/** Builds a GS1 string the way a printer would: FNC1 only after variable elements that are not last. */
function encode(elements: Array<[string, string]>, form: string): string {
  if (form === 'hri') return elements.map(([ai, v]) => `(${ai})${v}`).join('');
  const body = elements.map(([ai, v], i) => `${ai}${v}${!FIXED.has(ai) && i < elements.length - 1 ? GS : ''}`).join('');
  return `${form}${body}`;
}

describe('parseScan properties', () => {
  it('round-trips generated GS1 barcodes in every form and element order', () => {
    const barcode = fc.constantFrom(']C1', ']e0', ']d2', ']Q3', GS, 'hri').chain((form) => fc.record({
      form: fc.constant(form),
      gtinAi: fc.constantFrom('01', '02'),
      gtin: gtin14,
      lot: fc.option(gs1Text(form === 'hri')),
      serial: fc.option(gs1Text(form === 'hri')),
      expiry: fc.option(isoDate),
      quantityAi: fc.constantFrom('30', '37'),
      quantity: fc.option(fc.integer({ min: 0, max: 99_999_999 })),
      extras: fc.subarray<[string, string]>([['11', '250101'], ['3103', '001250'], ['91', 'X-1']]),
    })).chain((x) => {
      const elements: Array<[string, string]> = [[x.gtinAi, x.gtin], ...x.extras];
      if (x.lot !== null) elements.push(['10', x.lot]);
      if (x.serial !== null) elements.push(['21', x.serial]);
      if (x.expiry !== null) elements.push(['17', x.expiry.slice(2).replaceAll('-', '')]);
      if (x.quantity !== null) elements.push([x.quantityAi, String(x.quantity)]);
      return fc.shuffledSubarray(elements, { minLength: elements.length }).map((order) => ({ ...x, text: encode(order, x.form) }));
    });
    fc.assert(fc.property(barcode, (x) => {
      expect(parseScan(x.text, opts)).toEqual({ ok: true, value: { kind: 'gs1', gtin: x.gtin, lot: x.lot, serial: x.serial, expiry: x.expiry, quantity: x.quantity } });
    }), { numRuns: 1000 });
  });

  it('rejects any valid GTIN with one digit changed', () => {
    fc.assert(fc.property(gtin14, fc.nat(13), fc.integer({ min: 1, max: 9 }), (gtin, position, shift) => {
      expect(gtinCheckDigitValid(gtin)).toBe(true);
      const typo = `${gtin.slice(0, position)}${(Number(gtin[position]) + shift) % 10}${gtin.slice(position + 1)}`;
      expect(gtinCheckDigitValid(typo)).toBe(false);
      expect(error(parseScan(`(01)${typo}`, opts))).toMatch(/^AI \(01\) GTIN \d{14} has a bad check digit/);
      expect(error(parseScan(`]C101${typo}10LOT`, opts))).toMatch(/bad check digit/);
      expect(value(parseScan(typo))).toEqual({ kind: 'code', code: typo, gtin: null });
      if (typo.startsWith('0')) expect(error(parseScan(`]E0${typo.slice(1)}`))).toMatch(/bad check digit/);
    }), { numRuns: 500 });
  });

  it('never throws, and whatever it accepts is well formed', () => {
    const gs1ish = fc.string({ unit: fc.constantFrom('0', '1', '7', '2', '3', '9', 'A', GS, '(', ')', ']', 'C', 'd', 'E', '\n', ' '), maxLength: 60 });
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), gs1ish), (raw) => {
      const result = parseScan(raw, opts);
      if (!result.ok) {
        expect(result.error.length).toBeGreaterThan(0);
        return;
      }
      if (result.value.kind === 'gs1') {
        expect(gtinCheckDigitValid(result.value.gtin) && result.value.gtin.length === 14).toBe(true);
        if (result.value.expiry !== null) expect(result.value.expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      } else {
        expect(result.value.code.length).toBeGreaterThan(0);
        expect(result.value.code.length).toBeLessThanOrEqual(MAX_SCAN_LENGTH);
        if (result.value.gtin !== null) expect(gtinCheckDigitValid(result.value.gtin)).toBe(true);
      }
    }), { numRuns: 3000 });
  });
});
