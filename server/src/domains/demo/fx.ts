/** Units of each currency per pound: fixed, because the demo values stock at standard cost in GBP. */
export const PER_GBP: Record<'GBP' | 'EUR' | 'USD', number> = { GBP: 1, EUR: 1.17, USD: 1.27 };

export function fromGbp(minor: number, currency: keyof typeof PER_GBP): number {
  return Math.round(minor * PER_GBP[currency]);
}
