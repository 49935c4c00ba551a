import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './prng';
import { fitPenalized, normalEquations } from './penalized-fit';

function columnsFor(n: number): Float64Array[] {
  return [
    new Float64Array(n).fill(1),
    Float64Array.from({ length: n }, (_, t) => t / (n - 1)),
    ...[0.3, 0.5, 0.7].map((s) => Float64Array.from({ length: n }, (_, t) => Math.max(0, t / (n - 1) - s))),
  ];
}

/** The negative log posterior fitPenalized minimises, at β and σ² = SSE/n. */
function objective(columns: Float64Array[], y: number[], beta: ArrayLike<number>, l1: number[], l2: number[]): number {
  let sse = 0;
  y.forEach((v, t) => {
    const fit = columns.reduce((s, c, j) => s + c[t]! * beta[j]!, 0);
    sse += (v - fit) ** 2;
  });
  const sigma2 = sse / y.length;
  let penalty = 0;
  for (let j = 0; j < l1.length; j++) penalty += l1[j]! * Math.abs(beta[j]!) + 0.5 * l2[j]! * beta[j]! ** 2;
  return 0.5 * y.length * Math.log(sigma2) + 0.5 * y.length + penalty;
}

describe('fitPenalized', () => {
  it('is ordinary least squares without priors', () => {
    const rng = createRng(4);
    const y = Array.from({ length: 40 }, (_, t) => 2 + 0.5 * t + rng.normal());
    const columns = columnsFor(40).slice(0, 2);
    const { beta, sigma2 } = fitPenalized(normalEquations(columns, y), [0, 0], [0, 0]);
    const tMean = 0.5;
    const yMean = y.reduce((a, b) => a + b, 0) / 40;
    let sxy = 0;
    let sxx = 0;
    columns[1]!.forEach((t, i) => {
      sxy += (t - tMean) * (y[i]! - yMean);
      sxx += (t - tMean) ** 2;
    });
    expect(beta[1]).toBeCloseTo(sxy / sxx, 8);
    expect(beta[0]).toBeCloseTo(yMean - (sxy / sxx) * tMean, 8);
    expect(sigma2).toBeGreaterThan(0.5);
  });

  it('keeps the slope changes of a straight line at zero', () => {
    const rng = createRng(5);
    const y = Array.from({ length: 100 }, (_, t) => 1 + 0.01 * t + 0.05 * rng.normal());
    const { beta } = fitPenalized(normalEquations(columnsFor(100), y), [0, 0, 20, 20, 20], [0.04, 0.04, 0, 0, 0]);
    for (const delta of beta.slice(2)) expect(Math.abs(delta)).toBeLessThan(1e-3);
  });

  it('finds a slope change the data insist on', () => {
    const y = Array.from({ length: 100 }, (_, t) => (t / 99 < 0.5 ? t / 99 : 0.5 + 3 * (t / 99 - 0.5)));
    const { beta } = fitPenalized(normalEquations(columnsFor(100), y.map((v, t) => v + 0.01 * Math.sin(t))), [0, 0, 20, 20, 20], [0, 0, 0, 0, 0]);
    expect(beta[3]).toBeCloseTo(2, 1);
    expect(Math.abs(beta[2]!)).toBeLessThan(0.05);
  });

  it('is a minimum: no nearby coefficients have a lower posterior', () => {
    const rng = createRng(6);
    const y = Array.from({ length: 60 }, (_, t) => Math.sin(t / 7) + 0.2 * rng.normal());
    const columns = columnsFor(60);
    const l1 = [0, 0, 20, 20, 20];
    const l2 = [0.04, 0.04, 0, 0, 0];
    const { beta } = fitPenalized(normalEquations(columns, y), l1, l2);
    const best = objective(columns, y, beta, l1, l2);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.double({ min: -0.05, max: 0.05, noNaN: true }), (j, step) => {
        const moved = Array.from(beta);
        moved[j]! += step;
        expect(objective(columns, y, moved, l1, l2)).toBeGreaterThanOrEqual(best - 1e-6);
      }),
    );
  });
});
