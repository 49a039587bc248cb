import { DataError, UsageError } from './errors';
import type { MovieId, RatingsTable, UserId } from './types';

/**
 * Step 4 of the blog: the user × movie rating matrix. It is stored sparse (compressed sparse rows, CSR):
 * ml-latest-small fills 1.7% of its 610 × 9,724 cells, and the 25M dataset's 162k × 59k cells would need
 * 77 GB dense against 300 MB as CSR. Algorithms downstream read it row by row, through its transpose, or
 * through the products of sparse-products.ts, so no dense users × movies array is ever made.
 */

/**
 * A sparse matrix in compressed sparse row form: the entries of row `r` are `values[p]` at column
 * `indices[p]` for `p` in `indptr[r] .. indptr[r + 1] - 1`, with columns ascending within a row.
 */
export interface CsrMatrix {
  rows: number;
  cols: number;
  /** Length `rows + 1`; `indptr[rows]` is the number of stored entries. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** A rating matrix: row `r` is user `userIds[r]`, column `c` is movie `movieIds[c]`, entries are stars. */
export interface RatingMatrix extends CsrMatrix {
  /** Row → userId, ascending. */
  userIds: Int32Array;
  /** Column → movieId, ascending. */
  movieIds: Int32Array;
  /** The row of a user, or -1 if the user has no row. */
  rowOf(userId: UserId): number;
  /** The column of a movie, or -1 if the movie has no column. */
  colOf(movieId: MovieId): number;
}

export interface BuildRatingMatrixOptions {
  /**
   * Fixes the column set (for example every movie of a training set, so that a test matrix lines up with
   * it). Duplicates are ignored. Default: the movies that appear in `ratings`. A rating of a movie outside
   * this set is a UsageError rather than being dropped silently.
   */
  movieIds?: ArrayLike<number>;
}

/**
 * Builds the user × movie matrix of `ratings`: one row per user who rated, columns sorted by movieId.
 * Runs in O(ratings + users + movies) time with two counting sorts (by column, then stably by row), which
 * leaves the columns of each row sorted. Throws DataError on a repeated (user, movie) pair.
 */
export function buildRatingMatrix(ratings: RatingsTable, options: BuildRatingMatrixOptions = {}): RatingMatrix {
  const n = ratings.length;
  const users = indexIds(ratings.userId);
  const movies = indexIds(options.movieIds === undefined ? ratings.movieId : Int32Array.from(options.movieIds));
  const rows = users.ids.length;
  const cols = movies.ids.length;
  const rowOfRating = new Int32Array(n);
  const colOfRating = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rowOfRating[i] = users.indexOf(ratings.userId[i]);
    const c = movies.indexOf(ratings.movieId[i]);
    if (c < 0) throw new UsageError(`movie ${ratings.movieId[i]} is rated but not in the given movieIds`);
    colOfRating[i] = c;
  }
  const byCol = countingOrder(colOfRating, cols, null);
  const order = countingOrder(rowOfRating, rows, byCol);
  const indptr = new Int32Array(rows + 1);
  for (let i = 0; i < n; i++) indptr[rowOfRating[i] + 1]++;
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  const indices = new Int32Array(n);
  const values = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const i = order[p];
    indices[p] = colOfRating[i];
    values[p] = ratings.rating[i];
  }
  for (let r = 0; r < rows; r++) {
    for (let p = indptr[r] + 1; p < indptr[r + 1]; p++) {
      if (indices[p] === indices[p - 1]) {
        throw new DataError(`user ${users.ids[r]} rated movie ${movies.ids[indices[p]]} more than once`);
      }
    }
  }
  const userIds = users.ids;
  const movieIds = movies.ids;
  return {
    rows,
    cols,
    indptr,
    indices,
    values,
    userIds,
    movieIds,
    rowOf: (userId) => binarySearch(userIds, userId, 0, rows),
    colOf: (movieId) => binarySearch(movieIds, movieId, 0, cols),
  };
}

/** The transpose, also in CSR form (that is, the CSC form of `m`), in O(nnz + rows + cols). */
export function transpose(m: CsrMatrix): CsrMatrix {
  const { rows, cols, indptr: rowStart, indices: colOf, values: rowValues } = m;
  const nnz = rowStart[rows];
  const indptr = new Int32Array(cols + 1);
  for (let p = 0; p < nnz; p++) indptr[colOf[p] + 1]++;
  for (let c = 0; c < cols; c++) indptr[c + 1] += indptr[c];
  const next = indptr.slice(0, cols);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let r = 0; r < rows; r++) {
    for (let p = rowStart[r]; p < rowStart[r + 1]; p++) {
      const q = next[colOf[p]]++;
      indices[q] = r;
      values[q] = rowValues[p];
    }
  }
  return { rows: cols, cols: rows, indptr, indices, values };
}

/**
 * The ratings of some users for some movies as a small dense table (rows follow `userIds`, columns follow
 * `movieIds`), `null` where the user did not rate the movie or either id is not in the matrix. Meant for
 * showing a corner of the matrix, as the blog's step 4 does; cost O(users × movies × log(row length)).
 */
export function denseBlock(
  m: RatingMatrix,
  userIds: readonly number[],
  movieIds: readonly number[],
): (number | null)[][] {
  const cols = movieIds.map((id) => m.colOf(id));
  return userIds.map((userId) => {
    const r = m.rowOf(userId);
    return cols.map((c) => (r < 0 || c < 0 ? null : valueAt(m, r, c)));
  });
}

/** The stored value at (row, col), or null when nothing is stored there. */
export function valueAt(m: CsrMatrix, row: number, col: number): number | null {
  const p = binarySearch(m.indices, col, m.indptr[row], m.indptr[row + 1]);
  return p < 0 ? null : m.values[p];
}

/** The mean of the stored entries of each row (a user's mean rating); 0 for a row with no entries. */
export function rowMeans(m: CsrMatrix): Float64Array {
  const means = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    const start = m.indptr[r];
    const end = m.indptr[r + 1];
    let sum = 0;
    for (let p = start; p < end; p++) sum += m.values[p];
    means[r] = end > start ? sum / (end - start) : 0;
  }
  return means;
}

/** A copy of `m` with `shift[r]` subtracted from every stored entry of row `r` (missing cells stay 0). */
export function subtractFromRows(m: CsrMatrix, shift: ArrayLike<number>): CsrMatrix {
  const values = new Float64Array(m.values.length);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) values[p] = m.values[p] - shift[r];
  }
  return { rows: m.rows, cols: m.cols, indptr: m.indptr, indices: m.indices, values };
}

/** Sorted distinct ids with an id → position lookup. */
interface IdIndex {
  ids: Int32Array;
  indexOf(id: number): number;
}

/**
 * MovieLens ids are small non-negative integers (at most a few hundred thousand), so a direct lookup
 * table over the id range is the fast path; sparse or huge id ranges fall back to sorting and binary search.
 */
function indexIds(values: Int32Array): IdIndex {
  if (values.length === 0) return { ids: new Int32Array(0), indexOf: () => -1 };
  let min = values[0];
  let max = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    else if (values[i] > max) max = values[i];
  }
  const range = max - min + 1;
  if (range <= Math.max(1 << 20, 4 * values.length)) {
    const slot = new Int32Array(range).fill(-1);
    for (let i = 0; i < values.length; i++) slot[values[i] - min] = 0;
    let count = 0;
    for (let d = 0; d < range; d++) if (slot[d] === 0) slot[d] = count++;
    const ids = new Int32Array(count);
    for (let d = 0; d < range; d++) if (slot[d] >= 0) ids[slot[d]] = d + min;
    return { ids, indexOf: (id) => (id < min || id > max ? -1 : slot[id - min]) };
  }
  const sorted = Int32Array.from(values).sort();
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[count++] = sorted[i];
  const ids = sorted.slice(0, count);
  return { ids, indexOf: (id) => binarySearch(ids, id, 0, count) };
}

/**
 * The order of items after a stable counting sort by `key` (in 0..buckets-1). With `input`, the items are
 * taken in that order, which is what makes the second sort of a two-key radix sort keep the first one.
 */
function countingOrder(key: Int32Array, buckets: number, input: Int32Array | null): Int32Array {
  const n = key.length;
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) start[key[i] + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = input === null ? p : input[p];
    order[start[key[i]]++] = i;
  }
  return order;
}

/** Position of `value` in the ascending `sorted[from..to)`, or -1. */
function binarySearch(sorted: Int32Array, value: number, from: number, to: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid];
    if (x < value) lo = mid + 1;
    else if (x > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}
