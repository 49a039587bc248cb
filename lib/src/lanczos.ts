import { UsageError } from './errors';
import { tridiagonalize } from './householder';
import { tridiagonalEigenvectors } from './inverse-iteration';
import { axpy, dot, norm, OrthonormalBasis } from './orthonormal-basis';
import { createRng, normalSampler } from './random';
import { type TridiagonalSpectrum, tridiagonalPair, tridiagonalSpectrum } from './tridiagonal';

/**
 * The largest eigenpairs of a big symmetric operator known only through products (truncated SVD applies it to
 * A·Aᵀ or Aᵀ·A, see truncated-svd.ts). Method: Lanczos with full reorthogonalisation and thick restarts (Wu & Simon,
 * "Thick-restart Lanczos method for large symmetric eigenvalue problems", SIAM J. Matrix Anal. Appl. 22, 2000).
 *
 * - Full reorthogonalisation (classical Gram–Schmidt, a second pass only when the first removed most of the
 *   vector: the "twice is enough" test of Daniel, Gragg, Kaufman & Stewart, 1976) keeps the basis orthonormal
 *   to rounding, so no spurious copies of converged eigenvalues appear and the Ritz vectors are orthonormal.
 * - A thick restart bounds memory at `basisSize` vectors: it keeps the best Ritz vectors, re-tridiagonalised
 *   so that the projected matrix stays tridiagonal and every solve inside stays O(m²).
 */

/** A symmetric linear operator of dimension `size`: `apply` writes op·x into `out`. */
export interface SymmetricOperator {
  readonly size: number;
  apply(x: Float64Array, out: Float64Array): void;
}

export interface LanczosOptions {
  /** How many eigenpairs, 1 ≤ k ≤ size. */
  k: number;
  /**
   * The largest residual norm ‖op·x − value·x‖ accepted for a Ritz pair of `value`, where `largest` is the top
   * Ritz value (an estimate of ‖op‖ for the positive semi-definite operators of the SVD).
   */
  allowedResidual: (value: number, largest: number) => number;
  /** Seed of the random start vectors. */
  seed: number;
  /** Operator products allowed before giving up with a UsageError. */
  maxIterations: number;
  /** Basis vectors kept in memory (memory is basisSize × size doubles); more than k unless ≥ size. */
  basisSize: number;
}

export interface Eigenpairs {
  /** Descending. */
  values: Float64Array;
  /** size × k row-major: column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
  /** Operator products used. */
  iterations: number;
  restarts: number;
}

export function largestEigenpairs(op: SymmetricOperator, options: LanczosOptions): Eigenpairs {
  const n = op.size;
  const { k, allowedResidual } = options;
  const mMax = Math.min(n, options.basisSize);
  if (mMax < n && mMax <= k) throw new UsageError(`basisSize (${options.basisSize}) must be more than k (${k})`);
  const rng = createRng(options.seed);
  const normal = normalSampler(rng);
  const basis = new OrthonormalBasis(n, mMax + 1);
  const alpha = new Float64Array(mMax);
  const beta = new Float64Array(mMax);
  const w = new Float64Array(n);
  basis.startRandom(0, normal);
  let j = 0; // basis vectors whose row of T is complete; vector j is the next to multiply
  let blockStart = 0; // first vector after the last invariant subspace (T is block diagonal there)
  let iterations = 0;
  let restarts = 0;
  let nextCheck = k;
  let scale = 0; // largest ‖op·q‖ so far, an estimate of ‖op‖
  for (;;) {
    const q = basis.vector(j);
    op.apply(q, w);
    iterations++;
    scale = Math.max(scale, norm(w));
    if (j > blockStart) axpy(-beta[j - 1], basis.vector(j - 1), w);
    let a = dot(q, w);
    axpy(-a, q, w);
    a += basis.orthogonalize(w, j + 1);
    alpha[j] = a;
    let b = norm(w);
    // Orthogonalisation left only rounding noise (about ε·‖op‖·√n): the Krylov space is invariant, so restart
    // from a random vector orthogonal to it, since the complement may hold copies of eigenvalues already found.
    // Cutting a coupling this small moves the Ritz values by at most 1e-12·‖op‖.
    const invariant = b <= 1e-12 * scale;
    if (invariant) b = 0;
    beta[j] = b;
    j++;
    if (invariant) {
      if (j < n) basis.startRandom(j, normal);
      blockStart = j;
    } else {
      basis.setScaled(j, w, 1 / b);
    }
    const forced = j === n || j === mMax;
    if (forced || (j >= k && j > blockStart && j >= nextCheck)) {
      const d = alpha.subarray(0, j);
      const e = beta.subarray(0, j - 1);
      // The k-th pair is nearly always the last to converge: test it alone first, in O(j) instead of O(j²).
      const kth = forced ? 0 : kthPairRatio(d, e, k, b, allowedResidual, rng);
      let worst = kth;
      let spectrum: TridiagonalSpectrum | undefined;
      if (kth <= 1) {
        spectrum = tridiagonalSpectrum(d, e);
        worst = convergenceRatio(spectrum, k, b, allowedResidual);
        if (blockStart === j) {
          worst = Number.POSITIVE_INFINITY;
        } else if (blockStart > 0) {
          // The newest block must have found the top of its subspace, else a repeated eigenvalue may be missed.
          const block = tridiagonalSpectrum(alpha.subarray(blockStart, j), beta.subarray(blockStart, j - 1));
          const top = Math.abs(b * block.last[0]) / allowedResidual(block.values[0], spectrum.values[0]);
          worst = Math.max(worst, top);
        }
        if (worst <= 1 || j === n) {
          const values = spectrum.values.slice(0, k);
          const z = tridiagonalEigenvectors(d, e, values, rng);
          return { values, vectors: basis.combine(j, z, k), iterations, restarts };
        }
      }
      // Residuals fall at most about 0.4 decades a step (they stall for long, then plunge), so looking again
      // after log10(worst)/0.4 steps rarely overshoots.
      nextCheck = j + Math.max(1, Math.min(Math.ceil(j / 6), Math.ceil(Math.log10(worst) / 0.4)));
      if (j === mMax) {
        spectrum ??= tridiagonalSpectrum(d, e);
        j = thickRestart(basis, alpha, beta, j, k, spectrum.values, rng);
        blockStart = 0;
        restarts++;
      }
    }
    if (iterations >= options.maxIterations) {
      throw new UsageError(
        `the eigensolver did not converge in ${iterations} products; raise maxIterations or tolerance`,
      );
    }
  }
}

/** max over the top k Ritz pairs of residual / allowed residual (≤ 1: all converged). */
function convergenceRatio(
  spectrum: TridiagonalSpectrum,
  k: number,
  beta: number,
  allowedResidual: LanczosOptions['allowedResidual'],
): number {
  let worst = 0;
  for (let i = 0; i < k; i++) {
    const allowed = allowedResidual(spectrum.values[i], spectrum.values[0]);
    worst = Math.max(worst, Math.abs(beta * spectrum.last[i]) / allowed);
  }
  return worst;
}

/** residual / allowed residual of the k-th Ritz pair alone, in O(j) (see tridiagonalPair). */
function kthPairRatio(
  d: Float64Array,
  e: Float64Array,
  k: number,
  beta: number,
  allowedResidual: LanczosOptions['allowedResidual'],
  rng: () => number,
): number {
  const pair = tridiagonalPair(d, e, k - 1, rng);
  return Math.abs(beta * pair.last) / allowedResidual(pair.value, pair.largest);
}

/**
 * Keeps the best p Ritz vectors Y = Q·Z plus the residual direction q_m, and mixes the Ritz vectors by the
 * orthogonal W that makes diag(θ) with its coupling column s (s_i = β·z_(m,i)) tridiagonal again. Returns the
 * new number of complete rows of T (p), with q_m stored as basis vector p.
 */
function thickRestart(
  basis: OrthonormalBasis,
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  k: number,
  values: Float64Array,
  rng: () => number,
): number {
  const p = Math.min(m - 1, k + Math.floor((m - k) / 2));
  const coupling = beta[m - 1];
  const z = tridiagonalEigenvectors(alpha.subarray(0, m), beta.subarray(0, m - 1), values.subarray(0, p), rng);
  const arrow = new Float64Array((p + 1) * (p + 1));
  for (let i = 0; i < p; i++) {
    arrow[i * (p + 1) + i] = values[i];
    arrow[i * (p + 1) + p] = coupling * z[(m - 1) * p + i];
    arrow[p * (p + 1) + i] = arrow[i * (p + 1) + p];
  }
  const t = tridiagonalize(arrow, p + 1);
  const mix = new Float64Array(m * p);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let i = 0; i < p; i++) s += z[r * p + i] * t.w[i * (p + 1) + c];
      mix[r * p + c] = s;
    }
  }
  basis.replaceLeading(m, mix, p);
  basis.vector(p).set(basis.vector(m));
  alpha.set(t.diag.subarray(0, p));
  beta.set(t.off.subarray(0, p));
  return p;
}
