/**
 * Solves the normal equations G·x = c of a small least-squares problem (G = ZᵀZ, k × k, row-major)
 * by Cholesky. A column that is (numerically) a combination of earlier ones gets coefficient 0
 * instead of an exploding solution: exponential smoothing makes such columns whenever a smoothing
 * parameter sits near 1 and the initial state stops mattering.
 */
export function solveNormalEquations(gram: Float64Array, c: Float64Array, k: number): Float64Array {
  const L = new Float64Array(k * k);
  const dropped = new Uint8Array(k);
  for (let j = 0; j < k; j++) {
    let d = gram[j * k + j]!;
    for (let p = 0; p < j; p++) d -= L[j * k + p]! ** 2;
    // Relative pivot threshold: the part of column j not explained by the columns before it.
    if (!(d > 1e-11 * Math.abs(gram[j * k + j]!)) || !(d > 0)) {
      dropped[j] = 1;
      continue;
    }
    const ljj = Math.sqrt(d);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = gram[i * k + j]!;
      for (let p = 0; p < j; p++) s -= L[i * k + p]! * L[j * k + p]!;
      L[i * k + j] = s / ljj;
    }
  }
  // Forward substitution L·z = c, then back substitution Lᵀ·x = z, skipping dropped columns.
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    if (dropped[i]) continue;
    let s = c[i]!;
    for (let p = 0; p < i; p++) s -= L[i * k + p]! * z[p]!;
    z[i] = s / L[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    if (dropped[i]) continue;
    let s = z[i]!;
    for (let p = i + 1; p < k; p++) s -= L[p * k + i]! * x[p]!;
    x[i] = s / L[i * k + i]!;
  }
  return x;
}
