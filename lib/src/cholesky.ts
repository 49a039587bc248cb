import { UsageError } from './errors';

/**
 * The inverse of a symmetric positive definite matrix through its Cholesky factor, for EASE's movie × movie
 * Gram matrix. Matrices are dense, row-major Float64Arrays of n × n. Each of the three steps costs about n³/6
 * multiply-adds (n³/2 in all, against n³ for Gauss–Jordan elimination), and every one of them is a dot
 * product of two rows, which V8 runs fastest: contiguous reads and four partial sums.
 */

/** Σ x[xo + t] · y[yo + t] for t in [0, length). */
function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < length; t += 4) {
    s0 += x[xo + t] * y[yo + t];
    s1 += x[xo + t + 1] * y[yo + t + 1];
    s2 += x[xo + t + 2] * y[yo + t + 2];
    s3 += x[xo + t + 3] * y[yo + t + 3];
  }
  for (; t < length; t++) s0 += x[xo + t] * y[yo + t];
  return s0 + s1 + (s2 + s3);
}

function checkSquare(a: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 0 || a.length !== n * n) {
    throw new UsageError(`expected ${n} × ${n} values, got ${a.length}`);
  }
}

/**
 * A = L Lᵀ: returns L (lower triangle, zeros above) as a new array; only the lower triangle of `a` is read.
 * @throws UsageError when `a` is not positive definite (a pivot ≤ 0), naming the row.
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  checkSquare(a, n);
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j] - dot(l, rj, l, rj, j);
    if (!(d > 0)) throw new UsageError(`matrix is not positive definite (pivot ${d} at row ${j})`);
    const ljj = Math.sqrt(d);
    l[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) l[i * n + j] = (a[i * n + j] - dot(l, i * n, l, rj, j)) / ljj;
  }
  return l;
}

/**
 * The transpose of L⁻¹ for a lower-triangular `l` with a positive diagonal: an upper-triangular T whose row j
 * is column j of L⁻¹, found by forward substitution on L x = e_j (x_i = (δ_ij - Σ_{j≤k<i} l_ik x_k) / l_ii).
 * Storing the solution as a row keeps that sum a dot product of two rows.
 */
export function invertLowerTransposed(l: Float64Array, n: number): Float64Array {
  checkSquare(l, n);
  const t = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    t[rj + j] = 1 / l[rj + j];
    for (let i = j + 1; i < n; i++) t[rj + i] = -dot(l, i * n + j, t, rj + j, i - j) / l[i * n + i];
  }
  return t;
}

/**
 * A⁻¹ for a symmetric positive definite `a`, as a full symmetric matrix. With T = (L⁻¹)ᵀ,
 * A⁻¹ = L⁻ᵀ L⁻¹ = T Tᵀ, so (A⁻¹)_ij = Σ_{k ≥ max(i, j)} T_ik T_jk: one row dot product per entry.
 * @throws UsageError when `a` is not positive definite.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  const t = invertLowerTransposed(cholesky(a, n), n);
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = dot(t, i * n + i, t, j * n + i, n - i);
      p[i * n + j] = v;
      p[j * n + i] = v;
    }
  }
  return p;
}
