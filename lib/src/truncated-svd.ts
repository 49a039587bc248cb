import { UsageError } from './errors';
import { type GramRepresentation, gramOperator } from './gram';
import { largestEigenpairs } from './lanczos';
import { type CsrMatrix, transpose } from './matrix';
import { createRng, normalSampler } from './random';
import { matmulDense } from './sparse-products';

/**
 * The truncated SVD A ≈ U·Σ·Vᵀ keeping the k largest singular values (step 5 of the blog), computed on the
 * sparse matrix without ever making it dense.
 *
 * How: the left singular vectors of A are the eigenvectors of the Gram matrix A·Aᵀ, with eigenvalues s².
 * Lanczos (lanczos.ts) finds them from products A·(Aᵀ·x), on whichever side is smaller (610 users rather than
 * 9,724 movies for ml-latest-small), and the other side follows in one pass: V = Aᵀ·U·Σ⁻¹. Measured here on
 * ml-latest-small, k = 50: about 150 products, same singular values as a dense SVD to 1e-14 relative
 * (scripts/bench-svd.ts compares with scipy's ARPACK svds and numpy's dense SVD).
 *
 * Working with s² costs accuracy for the small singular values only: the error of sᵢ is about ε·s₁²/sᵢ, so
 * below about 1e-4·s₁ digits are lost. Rating matrices have s_k/s₁ ≈ 0.1, far from that.
 */

export interface TruncatedSvdOptions {
  /** Singular triplets to keep, 1 ≤ k ≤ min(rows, cols). */
  k: number;
  /** Seed of the random Lanczos start vector. Default 42. Results agree across seeds to about `tolerance`. */
  seed?: number;
  /**
   * Stop when every triplet has ‖A·vᵢ − sᵢ·uᵢ‖ ≤ tolerance·s₁ (Aᵀ·uᵢ = sᵢ·vᵢ holds to rounding by construction).
   * Default 1e-10; the singular values are then exact to about 1e-14 relative, since their error is of the
   * order of the residual squared.
   */
  tolerance?: number;
  /** Products with A·Aᵀ (or Aᵀ·A) allowed before giving up with a UsageError. Default max(1000, 40·k). */
  maxIterations?: number;
  /**
   * Lanczos vectors kept (memory: basisSize × min(rows, cols) doubles); past it the basis is thick-restarted,
   * which saves memory but costs products. Default max(6·k, k + 100): 300 at k = 50, more than the 150 to 250
   * products measured for k = 50 on ml-latest-small, ml-100k and synthetic data up to 25 million ratings.
   */
  basisSize?: number;
  /**
   * How products with the Gram matrix are made: 'dense' builds it once (only sensible when the smaller side
   * has at most a couple of thousand rows), 'sparse' multiplies through the matrix twice. Default: the
   * cheaper by a measured cost model (gram.ts); results agree to rounding either way.
   */
  gram?: GramRepresentation;
}

/** A = U·diag(s)·Vᵀ truncated to k terms. */
export interface TruncatedSvd {
  k: number;
  rows: number;
  cols: number;
  /** rows × k, row-major; orthonormal columns. */
  u: Float64Array;
  /** Descending, non-negative. */
  s: Float64Array;
  /** cols × k, row-major; orthonormal columns. */
  v: Float64Array;
  /** Products with the Gram matrix used (each one costs two passes over the non-zeros). */
  iterations: number;
  /** Thick restarts of the Lanczos basis (0 unless basisSize was reached). */
  restarts: number;
}

/**
 * The k largest singular triplets of a sparse matrix. Time: O(iterations · (nnz + n·basisSize)) with
 * n = min(rows, cols); memory: a transposed copy of the matrix plus O((rows + cols)·k + n·basisSize), plus
 * n² doubles when the Gram matrix is dense (n ≤ 2048, see gram.ts). Measured for k = 50: 60 to 70 ms on
 * ml-latest-small, 110 ms on ml-100k, 33 s and 1.3 GB (the ratings included) on 25 million synthetic ratings.
 * Each singular vector's sign is fixed so that its left vector's largest-magnitude entry is positive,
 * which makes results comparable across seeds and libraries.
 */
export function truncatedSvd(m: CsrMatrix, options: TruncatedSvdOptions): TruncatedSvd {
  const { k } = options;
  const small = Math.min(m.rows, m.cols);
  if (!Number.isInteger(k) || k < 1 || k > small) {
    throw new UsageError(
      `k must be an integer from 1 to min(rows, cols) = ${small} for a ${m.rows} × ${m.cols} matrix, got ${k}`,
    );
  }
  const tolerance = options.tolerance ?? 1e-10;
  if (!(tolerance > 0 && tolerance < 1)) throw new UsageError(`tolerance must be in (0, 1), got ${tolerance}`);
  const seed = options.seed ?? 42;
  const mt = transpose(m);
  // Work on the smaller side.
  const byRows = m.rows <= m.cols;
  const gramMatrix = byRows ? m : mt; // its rows index the space Lanczos works in
  const farMatrix = byRows ? mt : m;
  const eig = largestEigenpairs(gramOperator(gramMatrix, farMatrix, options.gram), {
    k,
    seed,
    maxIterations: options.maxIterations ?? Math.max(1000, 40 * k),
    basisSize: options.basisSize ?? Math.max(6 * k, k + 100),
    // ‖A·v − s·u‖ = ‖G·u − s²·u‖ / s; the floor is what rounding in G·u allows.
    allowedResidual: (value, largest) =>
      Math.max(tolerance * Math.sqrt(Math.max(largest, 0) * Math.max(value, 0)), 64 * Number.EPSILON * largest),
  });
  // Signs follow U: fixed before the product when U is the Lanczos side, so that V inherits them.
  const near = eig.vectors;
  if (byRows) fixSigns(near, [], k);
  const { far: farVectors, s } = otherSide(farMatrix, near, eig.values, seed);
  if (!byRows) fixSigns(farVectors, [near], k);
  const u = byRows ? near : farVectors;
  const v = byRows ? farVectors : near;
  sortDescending(s, u, v);
  return { k, rows: m.rows, cols: m.cols, u, s, v, iterations: eig.iterations, restarts: eig.restarts };
}

/**
 * The singular values and the other side's unit singular vectors, x·diag(1/s) with x = farMatrix·near.
 * Where s² ≥ 1e-6·s₁², s = √θ (the Ritz value) is exact to about ε·s₁²/s² relative and scaling `near` by 1/s
 * before the product leaves nothing to do after it; smaller ones get explicit norms, and the tiny ones are
 * completed (see completeFarVectors).
 */
function otherSide(
  farMatrix: CsrMatrix,
  near: Float64Array,
  values: Float64Array,
  seed: number,
): { far: Float64Array; s: Float64Array } {
  const k = values.length;
  const largest = Math.max(values[0], 0);
  const trusted = Array.from(values, (value) => value > 0 && value >= 1e-6 * largest);
  const factors = Float64Array.from(values, (value, j) => (trusted[j] ? 1 / Math.sqrt(value) : 1));
  const far = matmulDense(farMatrix, scaledColumns(near, factors), k);
  const s = Float64Array.from(values, (value, j) => (trusted[j] ? Math.sqrt(value) : 0));
  if (trusted.every(Boolean)) return { far, s };
  const norms = columnNorms(far, k);
  for (let j = 0; j < k; j++) if (!trusted[j]) s[j] = norms[j];
  completeFarVectors(far, s, trusted, seed);
  return { far, s };
}

function scaledColumns(x: Float64Array, factors: Float64Array): Float64Array {
  const out = x.slice();
  scaleColumns(out, factors);
  return out;
}

function columnNorms(x: Float64Array, k: number): Float64Array {
  const s = new Float64Array(k);
  for (let o = 0; o < x.length; o += k) for (let j = 0; j < k; j++) s[j] += x[o + j] * x[o + j];
  for (let j = 0; j < k; j++) s[j] = Math.sqrt(s[j]);
  return s;
}

/**
 * Normalises the untrusted columns of x (those still equal to Aᵀ·uⱼ, of norm sⱼ). Where sⱼ is tiny the
 * quotient is mostly rounding and not orthogonal to the others, so such a column is re-orthogonalised, and a
 * zero one replaced by a random unit vector orthogonal to the rest (A·v = 0 then holds: the other vⱼ span
 * A's whole row space).
 */
function completeFarVectors(x: Float64Array, s: Float64Array, trusted: boolean[], seed: number): void {
  const k = s.length;
  const tiny = 1e-6 * s[0];
  const isTiny = (j: number) => !(s[j] > tiny);
  for (let j = 0; j < k; j++) if (!trusted[j] && !isTiny(j)) for (let o = j; o < x.length; o += k) x[o] /= s[j];
  const normal = normalSampler(createRng(seed + 1));
  for (let j = 0; j < k; j++) {
    if (!isTiny(j)) continue;
    for (let attempt = 0; ; attempt++) {
      if (s[j] === 0 || attempt > 0) for (let o = j; o < x.length; o += k) x[o] = normal();
      const before = Math.sqrt(columnDot(x, k, j, j));
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < k; i++) {
          if (i === j || (i > j && isTiny(i))) continue;
          const c = columnDot(x, k, i, j);
          for (let o = 0; o < x.length; o += k) x[o + j] -= c * x[o + i];
        }
      }
      const after = Math.sqrt(columnDot(x, k, j, j));
      if (after > 1e-3 * before && after > 0) {
        for (let o = j; o < x.length; o += k) x[o] /= after;
        break;
      }
    }
  }
}

/** Multiplies column j of the row-major x (k = factors.length columns) by factors[j], row by row. */
function scaleColumns(x: Float64Array, factors: Float64Array): void {
  const k = factors.length;
  for (let o = 0; o < x.length; o += k) for (let j = 0; j < k; j++) x[o + j] *= factors[j];
}

/** Reorders the triplets by descending s, if rounding swapped two nearly equal values. */
function sortDescending(s: Float64Array, u: Float64Array, v: Float64Array): void {
  const k = s.length;
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => s[b] - s[a] || a - b);
  if (order.every((j, i) => j === i)) return;
  const sorted = Float64Array.from(order, (j) => s[j]);
  s.set(sorted);
  for (const x of [u, v]) {
    const copy = x.slice();
    for (let o = 0; o < x.length; o += k) for (let i = 0; i < k; i++) x[o + i] = copy[o + order[i]];
  }
}

function columnDot(x: Float64Array, k: number, a: number, b: number): number {
  let sum = 0;
  for (let o = 0; o < x.length; o += k) sum += x[o + a] * x[o + b];
  return sum;
}

/**
 * Flips columns so that each column of u has its largest-magnitude entry positive (as scikit-learn's
 * svd_flip), flipping the same columns of `others`.
 */
function fixSigns(u: Float64Array, others: Float64Array[], k: number): void {
  const largest = new Float64Array(k);
  for (let o = 0; o < u.length; o += k) {
    for (let j = 0; j < k; j++) if (Math.abs(u[o + j]) > Math.abs(largest[j])) largest[j] = u[o + j];
  }
  const signs = Float64Array.from(largest, (x) => (x < 0 ? -1 : 1));
  if (!signs.includes(-1)) return;
  for (const x of [u, ...others]) scaleColumns(x, signs);
}
