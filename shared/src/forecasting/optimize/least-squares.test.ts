import { describe, expect, it } from 'vitest';
import { solveNormalEquations } from './least-squares.js';

function normalEquations(rows: number[][], y: number[]) {
  const k = rows[0]!.length;
  const gram = new Float64Array(k * k);
  const c = new Float64Array(k);
  rows.forEach((row, t) => {
    for (let a = 0; a < k; a++) {
      c[a]! += row[a]! * y[t]!;
      for (let b = 0; b < k; b++) gram[a * k + b]! += row[a]! * row[b]!;
    }
  });
  return { gram, c, k };
}

describe('solveNormalEquations', () => {
  it('recovers the coefficients of an exact linear relation', () => {
    const rows = [[1, 0, 2], [1, 1, 0], [1, 2, 1], [1, 3, 5], [1, 4, 3]];
    const y = rows.map(([a, b, c]) => 2 * a! - 0.5 * b! + 3 * c!);
    const { gram, c, k } = normalEquations(rows, y);
    const x = solveNormalEquations(gram, c, k);
    expect(Array.from(x).map((v) => +v.toFixed(10))).toEqual([2, -0.5, 3]);
  });

  it('gives a duplicated column zero weight instead of an exploding solution', () => {
    const rows = [[1, 2, 2], [2, 1, 1], [3, 5, 5], [4, 0, 0]];
    const y = [3, 4, 9, 4];
    const { gram, c, k } = normalEquations(rows, y);
    const x = solveNormalEquations(gram, c, k);
    expect(x[2]).toBe(0);
    // The fit equals the least-squares fit with the duplicate removed.
    const reduced = normalEquations(rows.map((r) => r.slice(0, 2)), y);
    const xr = solveNormalEquations(reduced.gram, reduced.c, reduced.k);
    expect(x[0]).toBeCloseTo(xr[0]!, 10);
    expect(x[1]).toBeCloseTo(xr[1]!, 10);
  });
});
