import { describe, expect, it } from 'vitest';
import { paymentTermDays } from './payment-terms';

describe('payment terms from Unleashed text', () => {
  it.each([
    ['30 days', 30], ['7 Days', 7], ['Net 30', 30], ['net45', 45], ['30 days from invoice', 30], ['within 14 days', 14], ['1 day', 1],
    ['20th Month following', 35], ['20th of the following month', 35], ['Due 20th next month', 35], ['1st month following', 16], ['20 MF', 35],
    ['End of month', 15], ['EOM', 15], ['30 days EOM', 45], ['30 days end of month', 45],
    ['Cash', 0], ['COD', 0], ['Cash on delivery', 0], ['Due on receipt', 0], ['Immediate', 0], ['Prepaid', 0], ['Pro forma', 0],
  ])('"%s" → %i days', (term, days) => {
    expect(paymentTermDays(term)).toBe(days);
  });

  it.each([null, undefined, '', '   ', 'Special arrangement', 'See contract'])('unreadable %j → null (the caller keeps its own)', (term) => {
    expect(paymentTermDays(term)).toBeNull();
  });
});
