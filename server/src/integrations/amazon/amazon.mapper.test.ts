import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapAmazonOrder, mapInventorySummary, minorDigits, toMinorUnits } from './amazon.mapper';
import { spApiInventoryAnswerSchema, spApiOrdersAnswerSchema } from './sp-api.schemas';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('toMinorUnits', () => {
  it('converts decimal strings exactly, by the currency\'s minor digits', () => {
    expect(toMinorUnits('12.50', 'EUR')).toBe(1250);
    expect(toMinorUnits('12.5', 'EUR')).toBe(1250);
    expect(toMinorUnits('0.1', 'USD')).toBe(10);
    expect(toMinorUnits('19.99', 'GBP')).toBe(1999);
    expect(toMinorUnits('4980.00', 'JPY')).toBe(4980);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(toMinorUnits('7', 'USD')).toBe(700);
    expect(toMinorUnits('-3.25', 'EUR')).toBe(-325);
  });

  it('rounds a third decimal half away from zero', () => {
    expect(toMinorUnits('10.005', 'EUR')).toBe(1001);
    expect(toMinorUnits('10.004', 'EUR')).toBe(1000);
    expect(toMinorUnits('-10.005', 'EUR')).toBe(-1001);
    expect(toMinorUnits('0.4', 'JPY')).toBe(0);
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => toMinorUnits('12,50', 'EUR')).toThrow(/not a decimal/);
    expect(() => toMinorUnits('', 'EUR')).toThrow(/not a decimal/);
  });

  it('knows the minor digits of zero- and three-decimal currencies', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
  });
});

describe('mapAmazonOrder', () => {
  const page = spApiOrdersAnswerSchema.parse(fixture('orders-v0-page.json'));
  const [unshipped, pending, japanese] = page.payload.Orders;

  it('maps a priced order, estimating the referral fee from the integration\'s rate', () => {
    expect(mapAmazonOrder(unshipped!, { feeRatePct: 15, fallbackCurrency: 'EUR' })).toEqual({
      externalId: '902-1845936-5435065', number: '902-1845936-5435065', status: 'Unshipped', currency: 'USD',
      totalMinor: 1101, feesMinor: 165, orderedAt: new Date('2026-02-27T10:12:30Z'), externalUpdatedAt: new Date('2026-02-27T14:02:11Z'),
    });
  });

  it('gives an unpriced (Pending) order a zero total in its marketplace\'s currency', () => {
    const row = mapAmazonOrder(pending!, { feeRatePct: 15, fallbackCurrency: 'USD' });
    expect(row).toMatchObject({ status: 'Pending', currency: 'EUR', totalMinor: 0, feesMinor: 0 });
    expect(row.externalUpdatedAt.toISOString()).toBe('2026-02-27T11:41:09.012Z');
  });

  it('falls back to the tenant\'s currency for an unpriced order of an unknown marketplace', () => {
    const row = mapAmazonOrder({ ...pending!, MarketplaceId: 'AUNKNOWN12345' }, { feeRatePct: 15, fallbackCurrency: 'CHF' });
    expect(row.currency).toBe('CHF');
  });

  it('keeps yen in whole units', () => {
    expect(mapAmazonOrder(japanese!, { feeRatePct: 8, fallbackCurrency: 'EUR' })).toMatchObject({ currency: 'JPY', totalMinor: 4980, feesMinor: 398 });
  });
});

describe('mapInventorySummary', () => {
  const page = spApiInventoryAnswerSchema.parse(fixture('fba-inventory-summaries.json'));
  const seenAt = new Date('2026-03-02T09:00:00Z');

  it('takes fulfillable as available and total as on hand, per marketplace', () => {
    expect(mapInventorySummary(page.payload.inventorySummaries[0]!, 'ATVPDKIKX0DER', seenAt)).toEqual({
      sku: 'BOLT-M8', locationRef: 'ATVPDKIKX0DER', available: 33, onHand: 48, externalUpdatedAt: new Date('2026-02-27T09:14:07Z'),
    });
  });

  it('dates a summary Amazon sends without a time by when we saw it', () => {
    expect(mapInventorySummary(page.payload.inventorySummaries[1]!, 'ATVPDKIKX0DER', seenAt).externalUpdatedAt).toEqual(seenAt);
  });

  it('reads the page token for the next page', () => {
    expect(page.pagination?.nextToken).toBe('seed');
  });
});
