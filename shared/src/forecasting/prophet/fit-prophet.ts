import type { Design } from './design.js';
import { fitPenalized, normalEquations } from './penalized-fit.js';

export interface ProphetFit {
  readonly beta: Float64Array;
  /** Residual standard deviation, in scaled units. */
  readonly sigma: number;
}

/** MAP fit of the design to the scaled series (see fitPenalized for the method). */
export function fitProphet(ys: Float64Array, design: Design): ProphetFit {
  const { beta, sigma2 } = fitPenalized(normalEquations(design.history, ys), design.l1, design.l2);
  return { beta, sigma: Math.sqrt(sigma2) };
}
