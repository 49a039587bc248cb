import type { CsrMatrix } from './matrix';

/**
 * Products of a sparse CSR matrix with dense vectors and blocks: the only way the SVD (and anything else that
 * must scale to 25 million ratings) touches the rating matrix. Unrolled by hand because V8 does not unroll or
 * vectorise: several independent multiply-adds per step run about twice as fast as one running sum.
 */

/** `out = m·x` (length `rows`) for `x` of length `cols`. */
export function matvec(m: CsrMatrix, x: ArrayLike<number>, out = new Float64Array(m.rows)): Float64Array {
  const { indptr, indices, values } = m;
  let start = indptr[0];
  for (let r = 0; r < m.rows; r++) {
    const end = indptr[r + 1];
    // Four partial sums keep four multiply-adds in flight instead of waiting on one running sum.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let p = start;
    for (; p + 3 < end; p += 4) {
      s0 += values[p] * x[indices[p]];
      s1 += values[p + 1] * x[indices[p + 1]];
      s2 += values[p + 2] * x[indices[p + 2]];
      s3 += values[p + 3] * x[indices[p + 3]];
    }
    for (; p < end; p++) s0 += values[p] * x[indices[p]];
    out[r] = s0 + s1 + (s2 + s3);
    start = end;
  }
  return out;
}

/**
 * `out = mᵀ·x` (length `cols`) for `x` of length `rows`, without forming the transpose. It scatters, about
 * half as fast as `matvec` on `transpose(m)`: use that when the product is repeated.
 */
export function matvecTransposed(m: CsrMatrix, x: ArrayLike<number>, out = new Float64Array(m.cols)): Float64Array {
  const { indptr, indices, values } = m;
  out.fill(0);
  for (let r = 0; r < m.rows; r++) {
    const xr = x[r];
    if (xr === 0) continue;
    for (let p = indptr[r]; p < indptr[r + 1]; p++) out[indices[p]] += values[p] * xr;
  }
  return out;
}

/**
 * `out = m·X` for a dense `X` of `cols` rows and `width` columns, both row-major (row r of `out` at
 * `out[r * width ..]`). One pass over `m` serves all columns, which makes it several times faster per
 * column than `width` calls of `matvec`.
 */
export function matmulDense(
  m: CsrMatrix,
  x: ArrayLike<number>,
  width: number,
  out = new Float64Array(m.rows * width),
): Float64Array {
  const { indptr, indices, values } = m;
  out.fill(0);
  for (let r = 0; r < m.rows; r++) {
    const o = r * width;
    const end = indptr[r + 1];
    let p = indptr[r];
    // Eight, then four entries per sweep: each output element is loaded and stored once per eight (four)
    // multiply-adds instead of once per one.
    for (; p + 7 < end; p += 8) {
      const v0 = values[p];
      const v1 = values[p + 1];
      const v2 = values[p + 2];
      const v3 = values[p + 3];
      const v4 = values[p + 4];
      const v5 = values[p + 5];
      const v6 = values[p + 6];
      const v7 = values[p + 7];
      const x0 = indices[p] * width;
      const x1 = indices[p + 1] * width;
      const x2 = indices[p + 2] * width;
      const x3 = indices[p + 3] * width;
      const x4 = indices[p + 4] * width;
      const x5 = indices[p + 5] * width;
      const x6 = indices[p + 6] * width;
      const x7 = indices[p + 7] * width;
      for (let c = 0; c < width; c++) {
        out[o + c] +=
          v0 * x[x0 + c] +
          v1 * x[x1 + c] +
          v2 * x[x2 + c] +
          v3 * x[x3 + c] +
          (v4 * x[x4 + c] + v5 * x[x5 + c] + v6 * x[x6 + c] + v7 * x[x7 + c]);
      }
    }
    for (; p + 3 < end; p += 4) {
      const v0 = values[p];
      const v1 = values[p + 1];
      const v2 = values[p + 2];
      const v3 = values[p + 3];
      const x0 = indices[p] * width;
      const x1 = indices[p + 1] * width;
      const x2 = indices[p + 2] * width;
      const x3 = indices[p + 3] * width;
      for (let c = 0; c < width; c++) {
        out[o + c] += v0 * x[x0 + c] + v1 * x[x1 + c] + v2 * x[x2 + c] + v3 * x[x3 + c];
      }
    }
    for (; p < end; p++) {
      const v = values[p];
      const xo = indices[p] * width;
      for (let c = 0; c < width; c++) out[o + c] += v * x[xo + c];
    }
  }
  return out;
}
