import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandArma, isAdmissible, rootsOutside } from './arima-order';
import { multiplyPolynomials } from './differencing';

describe('expandArma', () => {
  it('multiplies the seasonal and non-seasonal AR and MA factors', () => {
    const order = { p: 1, d: 0, q: 1, P: 1, D: 0, Q: 1, m: 4, constant: true };
    const { ar, ma, mean } = expandArma(order, [0.5, 0.3, 0.2, -0.4, 7]);
    // (1 - 0.5B)(1 - 0.2B⁴) = 1 - 0.5B - 0.2B⁴ + 0.1B⁵
    const arPoly = multiplyPolynomials([1, -0.5], [1, 0, 0, 0, -0.2]);
    Array.from(arPoly.slice(1)).forEach((c, i) => expect(ar[i]).toBeCloseTo(-c, 12));
    // (1 + 0.3B)(1 - 0.4B⁴) = 1 + 0.3B - 0.4B⁴ - 0.12B⁵
    const maPoly = multiplyPolynomials([1, 0.3], [1, 0, 0, 0, -0.4]);
    Array.from(maPoly.slice(1)).forEach((c, i) => expect(ma[i]).toBeCloseTo(c, 12));
    expect(mean).toBe(7);
  });
});

/** Roots of 1 - c₁z - c₂z² by the quadratic formula, for the cross-check below. */
function quadraticRootModuli(c1: number, c2: number): number[] {
  // c₂z² + c₁z - 1 = 0
  if (c2 === 0) return c1 === 0 ? [Infinity] : [Math.abs(1 / c1)];
  const disc = c1 * c1 + 4 * c2;
  if (disc >= 0) return [(-c1 + Math.sqrt(disc)) / (2 * c2), (-c1 - Math.sqrt(disc)) / (2 * c2)].map(Math.abs);
  return [Math.sqrt(Math.abs(-1 / c2))];
}

describe('rootsOutside', () => {
  it('tells stationary AR polynomials from explosive and unit-root ones', () => {
    expect(rootsOutside([0.5])).toBe(true);
    expect(rootsOutside([1])).toBe(false);
    expect(rootsOutside([-1.2])).toBe(false);
    expect(rootsOutside([0.5, 0.3])).toBe(true);
    expect(rootsOutside([1.2, -0.2])).toBe(false); // (1 - B)(1 - 0.2B): a unit root
    expect(rootsOutside([])).toBe(true);
  });

  it('applies the margin: a root at 1/0.995 is outside the unit circle but inside 1.01', () => {
    expect(rootsOutside([0.995])).toBe(true);
    expect(rootsOutside([0.995], 1.01)).toBe(false);
  });

  it('agrees with the quadratic formula on random AR(2) polynomials', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (c1, c2) => {
        // Keep the reference formula away from underflow.
        fc.pre(c2 === 0 || Math.abs(c2) > 1e-6);
        const moduli = quadraticRootModuli(c1, c2);
        fc.pre(moduli.every((r) => Math.abs(r - 1) > 1e-6));
        expect(rootsOutside([c1, c2])).toBe(moduli.every((r) => r > 1));
      }),
    );
  });
});

describe('isAdmissible', () => {
  it('rejects a seasonal factor whose root in B is within 1.01 of the unit circle', () => {
    const order = { p: 0, d: 0, q: 0, P: 1, D: 0, Q: 0, m: 12, constant: false };
    // Φ = 0.9: the roots in B have modulus 0.9^(-1/12) ≈ 1.0088 < 1.01.
    expect(isAdmissible(order, [0.9])).toBe(false);
    expect(isAdmissible(order, [0.8])).toBe(true);
  });

  it('rejects a non-invertible MA', () => {
    const order = { p: 0, d: 0, q: 1, P: 0, D: 0, Q: 0, m: 1, constant: false };
    expect(isAdmissible(order, [-1])).toBe(false);
    expect(isAdmissible(order, [0.6])).toBe(true);
  });
});
