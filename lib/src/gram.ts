import type { SymmetricOperator } from './lanczos';
import type { CsrMatrix } from './matrix';
import { matvec } from './sparse-products';

/**
 * The Gram operator G = B·Bᵀ of a sparse B, applied to vectors of length B.rows, as truncated SVD needs it
 * (truncated-svd.ts). Two ways, chosen by cost: two sparse passes per product, B·(Bᵀ·x), at about 1.4 ns per non-zero
 * each here; or G built once as a dense symmetric matrix and multiplied at about 0.4 ns per entry of its
 * upper triangle (each read serves two multiply-adds). Dense wins when B has few rows and many entries: the
 * 610 users of ml-latest-small (a 610 × 610 G, 186k entries, built in about 6 ms, against 200k non-zeros
 * per sparse product). The ~150 products of a k = 50 SVD repay the build.
 */

/** Dense G is only considered up to this dimension (8 MB of doubles at 1024, 32 MB at 2048). */
const DENSE_MAX_SIZE = 2048;
/** Measured cost ratio: a sparse product costs about as much as a dense one when n² ≈ 7·nnz. */
const DENSE_ENTRIES_PER_NONZERO = 7;

export type GramRepresentation = 'dense' | 'sparse';

/**
 * G = b·bᵀ as an operator on vectors of length `b.rows`; `bt` must be `transpose(b)`. `representation`
 * defaults to the cheaper one by the cost model above.
 */
export function gramOperator(
  b: CsrMatrix,
  bt: CsrMatrix,
  representation: GramRepresentation = chooseRepresentation(b),
): SymmetricOperator {
  const n = b.rows;
  if (representation === 'dense') {
    // Padded to a multiple of 4 rows (zeros), so the 4-row kernel never needs a remainder loop: V8 kept
    // de-optimising that rarely run loop, which cost a quarter of the product time.
    const size = 4 * Math.ceil(n / 4);
    const g = denseGramUpper(b, bt, size);
    const xp = new Float64Array(size);
    const outp = new Float64Array(size);
    return {
      size: n,
      apply(x, out) {
        xp.set(x);
        symmetricMatvec(g, size, xp, outp);
        out.set(outp.subarray(0, n));
      },
    };
  }
  const scratch = new Float64Array(bt.rows);
  return {
    size: n,
    apply(x, out) {
      matvec(bt, x, scratch);
      matvec(b, scratch, out);
    },
  };
}

export function chooseRepresentation(b: CsrMatrix): GramRepresentation {
  const n = b.rows;
  return n <= DENSE_MAX_SIZE && n * n <= DENSE_ENTRIES_PER_NONZERO * b.indptr[n] ? 'dense' : 'sparse';
}

/**
 * The upper triangle of b·bᵀ (row-major with `size` ≥ b.rows columns, everything else left 0), built one row
 * at a time into an accumulator that stays in L1 cache: row i gets bᵢⱼ times the entries of column j at rows
 * ≥ i. Since rows are visited in order, the entries of column j below row i start exactly at a cursor
 * advanced once per row. Cost: Σ over columns of nnz_col²/2 multiply-adds (3 million for ml-latest-small).
 */
export function denseGramUpper(b: CsrMatrix, bt: CsrMatrix, size = b.rows): Float64Array {
  const n = b.rows;
  const g = new Float64Array(size * size);
  const acc = new Float64Array(n);
  const cursor = bt.indptr.slice(0, bt.rows);
  const { indptr, indices, values } = b;
  const colStart = bt.indptr;
  const colRows = bt.indices;
  const colValues = bt.values;
  for (let i = 0; i < n; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const c = indices[p];
      const a = values[p];
      const end = colStart[c + 1];
      let q = cursor[c]++;
      // Two independent updates per step (the rows of one column are distinct), 1.5× faster than one.
      for (; q + 1 < end; q += 2) {
        const r0 = colRows[q];
        const r1 = colRows[q + 1];
        const v0 = a * colValues[q];
        const v1 = a * colValues[q + 1];
        acc[r0] += v0;
        acc[r1] += v1;
      }
      if (q < end) acc[colRows[q]] += a * colValues[q];
    }
    const o = i * size;
    for (let j = i; j < n; j++) {
      g[o + j] = acc[j];
      acc[j] = 0;
    }
  }
  return g;
}

/**
 * out = G·x for a symmetric n × n G of which only the upper triangle of the row-major `g` is read; n must be a
 * multiple of 4. Four rows at a time: each entry g[r][j] (j > r) adds to out[r] and, by symmetry, to out[j].
 */
export function symmetricMatvec(g: Float64Array, n: number, x: Float64Array, out: Float64Array): void {
  if (n % 4 !== 0) throw new RangeError(`symmetricMatvec needs a multiple of 4 rows, got ${n}`);
  out.fill(0);
  for (let i = 0; i < n; i += 4) {
    const o0 = i * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    const x0 = x[i];
    const x1 = x[i + 1];
    const x2 = x[i + 2];
    const x3 = x[i + 3];
    // The 4 × 4 diagonal block, from its upper triangle.
    let s0 = g[o0 + i] * x0 + g[o0 + i + 1] * x1 + g[o0 + i + 2] * x2 + g[o0 + i + 3] * x3;
    let s1 = g[o0 + i + 1] * x0 + g[o1 + i + 1] * x1 + g[o1 + i + 2] * x2 + g[o1 + i + 3] * x3;
    let s2 = g[o0 + i + 2] * x0 + g[o1 + i + 2] * x1 + g[o2 + i + 2] * x2 + g[o2 + i + 3] * x3;
    let s3 = g[o0 + i + 3] * x0 + g[o1 + i + 3] * x1 + g[o2 + i + 3] * x2 + g[o3 + i + 3] * x3;
    for (let j = i + 4; j < n; j++) {
      const g0 = g[o0 + j];
      const g1 = g[o1 + j];
      const g2 = g[o2 + j];
      const g3 = g[o3 + j];
      const xj = x[j];
      s0 += g0 * xj;
      s1 += g1 * xj;
      s2 += g2 * xj;
      s3 += g3 * xj;
      out[j] += g0 * x0 + g1 * x1 + g2 * x2 + g3 * x3;
    }
    out[i] += s0;
    out[i + 1] += s1;
    out[i + 2] += s2;
    out[i + 3] += s3;
  }
}
