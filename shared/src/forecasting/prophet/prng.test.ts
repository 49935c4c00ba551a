import { describe, expect, it } from 'vitest';
import { createRng } from './prng';

const draw = (seed: number, count: number, f: (r: ReturnType<typeof createRng>) => number) => {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => f(rng));
};
const moments = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length };
};

describe('createRng', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    expect(draw(5, 10, (r) => r.uniform())).toEqual(draw(5, 10, (r) => r.uniform()));
    expect(draw(5, 10, (r) => r.uniform())).not.toEqual(draw(6, 10, (r) => r.uniform()));
  });

  it('draws uniforms in [0, 1) with mean ½ and variance 1/12', () => {
    const xs = draw(1, 50_000, (r) => r.uniform());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const { mean, variance } = moments(xs);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals and Laplace variates of the right spread', () => {
    const normal = moments(draw(2, 50_000, (r) => r.normal()));
    expect(normal.mean).toBeCloseTo(0, 1);
    expect(normal.variance).toBeCloseTo(1, 1);
    // Laplace(0, b) has variance 2b².
    const laplace = moments(draw(3, 50_000, (r) => r.laplace(0.5)));
    expect(laplace.mean).toBeCloseTo(0, 1);
    expect(laplace.variance).toBeCloseTo(0.5, 1);
  });
});
