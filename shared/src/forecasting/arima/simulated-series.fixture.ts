import { createRng } from '../prophet/prng';

/** Simulated ARMA(1,1) around a mean, with a burn-in so the start is stationary. */
export function simulateArma(n: number, seed: number, { phi = 0, theta = 0, mean = 0, sigma = 1 } = {}): number[] {
  const rng = createRng(seed);
  const out: number[] = [];
  let x = 0;
  let previousShock = 0;
  for (let t = -200; t < n; t++) {
    const shock = sigma * rng.normal();
    x = phi * x + shock + theta * previousShock;
    previousShock = shock;
    if (t >= 0) out.push(mean + x);
  }
  return out;
}

export function simulateRandomWalk(n: number, seed: number, drift = 0): number[] {
  const rng = createRng(seed);
  const out: number[] = [];
  let level = 100;
  for (let t = 0; t < n; t++) {
    level += drift + rng.normal();
    out.push(level);
  }
  return out;
}
