import { describe, expect, it } from 'vitest';
import { filterVarianceRows, flaggedForRecount } from './variance-filter';

const row = (locationId: string, sku: string, status: 'ok' | 'needs_recount' | 'not_counted' | 'recounted', overTolerance: boolean) => ({
  locationId, locationCode: locationId.toUpperCase(), sku, itemName: `${sku} item`, status, overTolerance,
});
const rows = [
  row('a-01', 'BOLT-M8', 'needs_recount', true),
  row('a-02', 'BOLT-M8', 'ok', false),
  row('a-01', 'NUT-M8', 'recounted', true),
  row('a-02', 'FRAME-1', 'not_counted', true),
  row('a-02', 'WASHER', 'not_counted', false),
];

describe('variance review filters', () => {
  it('filters by status, by over tolerance, by location and by text, keeping the order', () => {
    expect(filterVarianceRows(rows, { status: 'all', locationId: '', text: '' })).toEqual(rows);
    expect(filterVarianceRows(rows, { status: 'over_tolerance', locationId: '', text: '' }).map((r) => r.sku)).toEqual(['BOLT-M8', 'NUT-M8', 'FRAME-1']);
    expect(filterVarianceRows(rows, { status: 'not_counted', locationId: 'a-02', text: '' }).map((r) => r.sku)).toEqual(['FRAME-1', 'WASHER']);
    expect(filterVarianceRows(rows, { status: 'all', locationId: '', text: ' bolt ' }).map((r) => r.locationId)).toEqual(['a-01', 'a-02']);
    expect(filterVarianceRows(rows, { status: 'all', locationId: '', text: 'A-02' })).toHaveLength(3);
  });

  it('flags for recount what is over tolerance and neither recounted nor fine', () => {
    expect(flaggedForRecount(rows).map((r) => r.sku)).toEqual(['BOLT-M8', 'FRAME-1']);
  });
});
