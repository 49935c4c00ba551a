/**
 * Solves A·x = b for a symmetric positive (semi-)definite A stored row-major (n×n) by Cholesky.
 * A tiny ridge is added when the factorisation meets a non-positive pivot, because the systems
 * here (normal equations, Levenberg–Marquardt steps) are often nearly singular but never need
 * more precision than that. Returns undefined when even the ridge does not help.
 */
export function solveSpd(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array | undefined {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i]!;
  const base = Number.isFinite(trace) && trace > 0 ? trace / n : 1;
  for (const jitter of [0, 1e-12, 1e-9, 1e-6]) {
    const l = cholesky(a, n, jitter * base);
    if (l) return substitute(l, b, n);
  }
  return undefined;
}

function cholesky(a: ArrayLike<number>, n: number, ridge: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]! + ridge;
    for (let k = 0; k < j; k++) diagonal -= l[j * n + k]! * l[j * n + k]!;
    if (!(diagonal > 0)) return undefined;
    const pivot = Math.sqrt(diagonal);
    l[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = sum / pivot;
    }
  }
  return l;
}

function substitute(l: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** Ordinary least squares via the normal equations with a relative ridge; columns are arrays of length rows. */
export function leastSquares(columns: readonly ArrayLike<number>[], y: ArrayLike<number>, rows: number): Float64Array | undefined {
  const k = columns.length;
  const gram = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const ci = columns[i]!;
    let s = 0;
    for (let t = 0; t < rows; t++) s += ci[t]! * y[t]!;
    rhs[i] = s;
    for (let j = 0; j <= i; j++) {
      const cj = columns[j]!;
      let g = 0;
      for (let t = 0; t < rows; t++) g += ci[t]! * cj[t]!;
      gram[i * k + j] = g;
      gram[j * k + i] = g;
    }
  }
  return solveSpd(gram, rhs, k);
}
