import type { Rng } from './random';

/**
 * Eigenvectors of a symmetric tridiagonal matrix T (diagonal `diag`, off-diagonal `off`, as in tridiagonal.ts)
 * for a few eigenvalues already known: O(m) each by inverse iteration, where all m of them by QL would cost
 * O(m³), 7 ms at m = 150. Lanczos needs k of them at the end and one at each cheap convergence check.
 */

const EPS = 2 ** -52;

/**
 * Unit eigenvectors of T for the given eigenvalues (each accurate to about ε·‖T‖, in descending order), by
 * inverse iteration as in LAPACK's dstein: a few solves with T − λI from a random start, each followed by
 * Gram–Schmidt against the vectors already found for eigenvalues closer than 10⁻³·‖T‖, which keeps the
 * vectors of close or equal eigenvalues orthogonal. Returns an m × p row-major array (column j ↔ values[j]).
 */
export function tridiagonalEigenvectors(
  diag: ArrayLike<number>,
  off: ArrayLike<number>,
  values: ArrayLike<number>,
  rng: Rng,
): Float64Array {
  const n = diag.length;
  const p = values.length;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    norm = Math.max(norm, Math.abs(diag[i]) + (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < n - 1 ? Math.abs(off[i]) : 0));
  }
  if (norm === 0) norm = 1;
  const perturbation = 10 * EPS * norm;
  const clusterGap = 1e-3 * norm;
  const lu = new TridiagonalLu(n);
  const vectors: Float64Array[] = [];
  let clusterStart = 0;
  let previous = Number.POSITIVE_INFINITY;
  for (let j = 0; j < p; j++) {
    let lambda = values[j];
    if (previous - lambda > clusterGap) clusterStart = j;
    // Equal eigenvalues would give equal factorisations and equal vectors: nudge them apart first.
    if (previous - lambda < perturbation) lambda = previous - perturbation;
    previous = lambda;
    lu.factor(diag, off, lambda, EPS * norm);
    const x = Float64Array.from({ length: n }, () => rng() - 0.5);
    for (let iteration = 0; iteration < 3; iteration++) {
      normalize(x);
      lu.solve(x);
      for (let i = clusterStart; i < j; i++) subtractProjection(x, vectors[i]);
    }
    normalize(x);
    vectors.push(x);
  }
  const out = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const x = vectors[j];
    for (let i = 0; i < n; i++) out[i * p + j] = x[i];
  }
  return out;
}

/**
 * T − λI = P·L·U by Gaussian elimination with partial pivoting (LAPACK's dlagtf without its scaling):
 * U has two superdiagonals, L one multiplier per column. Pivots smaller than `tiny` are raised to `tiny`,
 * since λ is meant to be (almost) an eigenvalue and a huge solution is exactly what inverse iteration wants.
 */
class TridiagonalLu {
  private readonly u0: Float64Array;
  private readonly u1: Float64Array;
  private readonly u2: Float64Array;
  private readonly mult: Float64Array;
  private readonly swapped: Uint8Array;

  constructor(private readonly n: number) {
    this.u0 = new Float64Array(n);
    this.u1 = new Float64Array(n);
    this.u2 = new Float64Array(n);
    this.mult = new Float64Array(n);
    this.swapped = new Uint8Array(n);
  }

  factor(diag: ArrayLike<number>, off: ArrayLike<number>, lambda: number, tiny: number): void {
    const { n, u0, u1, u2, mult, swapped } = this;
    // Couplings below `tiny` are taken as 0 (moving T by at most ε·‖T‖): as pivots they would make the
    // solution grow by 1/coupling per solve, 1e77 for one seen in a thick restart, and overflow.
    const coupling = (i: number) => (i < n - 1 && Math.abs(off[i]) > tiny ? off[i] : 0);
    for (let i = 0; i < n; i++) {
      u0[i] = diag[i] - lambda;
      u1[i] = coupling(i);
      u2[i] = 0;
    }
    for (let k = 0; k < n - 1; k++) {
      const below = coupling(k);
      if (Math.abs(u0[k]) >= Math.abs(below)) {
        if (Math.abs(u0[k]) < tiny) u0[k] = u0[k] < 0 ? -tiny : tiny;
        mult[k] = below / u0[k];
        u0[k + 1] -= mult[k] * u1[k];
        swapped[k] = 0;
      } else {
        // Row k+1 (below, u0[k+1], u1[k+1]) becomes the pivot row.
        mult[k] = u0[k] / below;
        const a = u0[k + 1];
        const b = u1[k + 1];
        u0[k] = below;
        u0[k + 1] = u1[k] - mult[k] * a;
        u2[k] = b;
        u1[k + 1] = -mult[k] * b;
        u1[k] = a;
        swapped[k] = 1;
      }
    }
    if (Math.abs(u0[n - 1]) < tiny) u0[n - 1] = u0[n - 1] < 0 ? -tiny : tiny;
  }

  /** Overwrites x with (T − λI)⁻¹·x. */
  solve(x: Float64Array): void {
    const { n, u0, u1, u2, mult, swapped } = this;
    for (let k = 0; k < n - 1; k++) {
      if (swapped[k]) {
        const t = x[k];
        x[k] = x[k + 1];
        x[k + 1] = t - mult[k] * x[k];
      } else {
        x[k + 1] -= mult[k] * x[k];
      }
    }
    for (let k = n - 1; k >= 0; k--) {
      let s = x[k];
      if (k + 1 < n) s -= u1[k] * x[k + 1];
      if (k + 2 < n) s -= u2[k] * x[k + 2];
      x[k] = s / u0[k];
    }
  }
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** Scales x to unit length, dividing by its largest entry first so that squaring cannot overflow. */
function normalize(x: Float64Array): void {
  let largest = 0;
  for (let i = 0; i < x.length; i++) largest = Math.max(largest, Math.abs(x[i]));
  if (!(largest > 0 && largest < Number.POSITIVE_INFINITY)) return;
  for (let i = 0; i < x.length; i++) x[i] /= largest;
  const norm = Math.sqrt(dot(x, x, x.length));
  for (let i = 0; i < x.length; i++) x[i] /= norm;
}

function subtractProjection(x: Float64Array, unit: Float64Array): void {
  const c = dot(x, unit, x.length);
  for (let i = 0; i < x.length; i++) x[i] -= c * unit[i];
}
