import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley from the textbook start', () => {
    const rosenbrock = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 2000, relativeTolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
  });

  it('stops on a bound when the unconstrained minimum lies outside the box', () => {
    const result = nelderMead((x) => (x[0]! - 2) ** 2 + (x[1]! + 3) ** 2, [0, 0], { lower: [-1, -1], upper: [1, 1] });
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(-1, 6);
  });

  it('never evaluates the objective outside the box and respects the evaluation budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true }), fc.double({ min: -9, max: 9, noNaN: true })), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 300 }),
        (boxes, maxEvaluations) => {
          const lower = boxes.map(([lo]) => lo);
          const upper = boxes.map(([lo, width]) => lo + width);
          let calls = 0;
          let outside = 0;
          const f = (x: Float64Array) => {
            calls++;
            x.forEach((v, i) => {
              if (v < lower[i]! || v > upper[i]!) outside++;
            });
            return x.reduce((s, v, i) => s + (v - boxes[i]![2]) ** 2, 0);
          };
          const result = nelderMead(f, boxes.map(([, , target]) => target), { lower, upper, maxEvaluations });
          expect(outside).toBe(0);
          expect(result.evaluations).toBe(calls);
          // The initial simplex is evaluated in full; after that the budget is checked per step.
          expect(calls).toBeLessThanOrEqual(Math.max(maxEvaluations, boxes.length + 1) + boxes.length + 1);
        },
      ),
    );
  });

  it('treats NaN as infeasible and moves away from it', () => {
    const result = nelderMead((x) => (x[0]! < 0 ? NaN : (x[0]! - 1) ** 2), [3], { step: 5 });
    expect(result.x[0]).toBeCloseTo(1, 4);
  });

  it('gives the same answer every time', () => {
    const f = (x: Float64Array) => Math.sin(3 * x[0]!) + (x[1]! - 0.2) ** 2 + 0.1 * x[0]! ** 2;
    expect(nelderMead(f, [0.5, 0.5])).toEqual(nelderMead(f, [0.5, 0.5]));
  });
});
