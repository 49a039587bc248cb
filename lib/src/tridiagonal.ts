import { tridiagonalEigenvectors } from './inverse-iteration';
import type { Rng } from './random';

/**
 * The small dense eigenproblems inside Lanczos (lanczos.ts): the Krylov basis turns the big symmetric
 * operator into a symmetric tridiagonal matrix T of a few hundred rows, whose eigenpairs are the Ritz pairs.
 * T is given by its diagonal `diag` (length m) and off-diagonal `off` (length m - 1, `off[i]` = T[i][i+1]).
 *
 * Why not a general dense solver (ml-matrix's EVD): it costs O(m³) with all vectors, about 7 ms at m = 150 here,
 * and Lanczos asks for the eigenvalues every few steps. Eigenvalues alone with the last row of the eigenvector
 * matrix (all a convergence test needs) cost O(m²); the few eigenvectors kept come from inverse iteration, O(m).
 */

const EPS = 2 ** -52;

/** Eigenvalues of T in descending order, with the last component of each unit eigenvector. */
export interface TridiagonalSpectrum {
  values: Float64Array;
  /** `last[i]` is the last component of the eigenvector of `values[i]` (its sign is arbitrary). */
  last: Float64Array;
}

/**
 * Implicit QL with Wilkinson-type shifts (the tql2 algorithm of EISPACK, as in JAMA), applying each rotation
 * to the last row of the eigenvector matrix only. Accurate to about ε·‖T‖ in every eigenvalue.
 */
export function tridiagonalSpectrum(diag: ArrayLike<number>, off: ArrayLike<number>): TridiagonalSpectrum {
  const n = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = off[i];
  const z = new Float64Array(n);
  if (n > 0) z[n - 1] = 1;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      for (let iter = 0; ; iter++) {
        if (iter > 60) throw new Error('tridiagonal QL did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = 1;
        let c3 = 1;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const zi = z[i];
          z[i] = c * zi - s * z[i + 1];
          z[i + 1] = s * zi + c * z[i + 1];
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (Math.abs(e[l]) <= EPS * tst1) break;
      }
    }
    d[l] += f;
    e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b] - d[a]);
  return { values: Float64Array.from(order, (i) => d[i]), last: Float64Array.from(order, (i) => z[i]) };
}

/**
 * The eigenvalue of T of rank `index` in descending order (0 = largest), by bisection on Sturm counts: the
 * number of negative pivots of T − xI is the number of eigenvalues below x. O(m) per halving, about 60
 * halvings to full precision: far cheaper than the whole spectrum when one eigenvalue is all that is asked.
 */
export function tridiagonalEigenvalue(diag: ArrayLike<number>, off: ArrayLike<number>, index: number): number {
  const n = diag.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const radius = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < n - 1 ? Math.abs(off[i]) : 0);
    lo = Math.min(lo, diag[i] - radius);
    hi = Math.max(hi, diag[i] + radius);
  }
  const below = n - 1 - index; // eigenvalues strictly below the one wanted
  const tiny = EPS * Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE);
  for (let iteration = 0; iteration < 200 && hi - lo > 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)); iteration++) {
    const mid = 0.5 * (lo + hi);
    let count = 0;
    let pivot = 1;
    for (let i = 0; i < n; i++) {
      const e = i > 0 ? off[i - 1] : 0;
      pivot = diag[i] - mid - (i > 0 ? (e * e) / pivot : 0);
      if (pivot === 0) pivot = -tiny;
      if (pivot < 0) count++;
    }
    if (count > below) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * One Ritz pair of T without the whole spectrum: the eigenvalue of descending rank `index` by bisection and
 * the last component of its unit eigenvector by inverse iteration, both O(m). Also returns the largest
 * eigenvalue, the scale against which Lanczos judges residuals.
 */
export function tridiagonalPair(
  diag: ArrayLike<number>,
  off: ArrayLike<number>,
  index: number,
  rng: Rng,
): { value: number; largest: number; last: number } {
  const value = tridiagonalEigenvalue(diag, off, index);
  const largest = tridiagonalEigenvalue(diag, off, 0);
  const z = tridiagonalEigenvectors(diag, off, Float64Array.of(value), rng);
  return { value, largest, last: z[diag.length - 1] };
}

/** √(a² + b²) without the cost of Math.hypot, falling back to it only where squares could overflow. */
function hypot(a: number, b: number): number {
  const s = a * a + b * b;
  return s < 1e300 ? Math.sqrt(s) : Math.hypot(a, b);
}
