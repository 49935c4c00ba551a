import { describe, expect, it } from 'vitest';
import { movementDelta } from './stock-effect';

describe('movementDelta', () => {
  it('takes stock away for issues and shipments, adds it for receipts', () => {
    expect(movementDelta('issue', 5)).toBe(-5);
    expect(movementDelta('shipment', 2)).toBe(-2);
    expect(movementDelta('receipt', 7)).toBe(7);
  });
  it('keeps the sign of a count adjustment', () => {
    expect(movementDelta('count_adjustment', -3)).toBe(-3);
    expect(movementDelta('count_adjustment', 4)).toBe(4);
  });
});
