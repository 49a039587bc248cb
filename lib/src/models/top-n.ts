import { UsageError } from '../errors';
import type { RatingMatrix } from '../matrix';
import type { MovieId, RatingsTable, UserId } from '../types';
import type { Ranked, RecommendOptions } from './model';

/**
 * What every model shares once it can score movies: turning one score per movie into a top-N list that obeys
 * the Model contract (best first, ties by movieId ascending, never a movie the user rated in training, only
 * the allowed candidates). Scores live in a Float64Array over the training matrix's columns, so ranking a
 * user costs O(movies · log top) with no object per movie.
 */

/**
 * Fills `out[c]` with the score of column `c` (movie `matrix.movieIds[c]`) for the user in training row `row`,
 * or for an unknown user when `row` is -1. A NaN or -Infinity score means "never recommend this movie".
 */
export type ColumnScorer = (row: number, out: Float64Array) => void;

/**
 * A `recommend` function over the columns of `matrix` (the training movies). A candidate movie that is not
 * a column is skipped: no model here learnt anything about a movie absent from its training ratings.
 */
export function columnRecommender(
  matrix: RatingMatrix,
  score: ColumnScorer,
): (userId: UserId, options?: RecommendOptions) => Ranked[] {
  const scores = new Float64Array(matrix.cols);
  return (userId, options = {}) => {
    const top = options.top ?? 10;
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`top must be a positive integer, got ${top}`);
    const row = matrix.rowOf(userId);
    score(row, scores);
    if (options.candidates !== undefined) {
      const allowed = new Uint8Array(matrix.cols);
      const { candidates } = options;
      for (let i = 0; i < candidates.length; i++) {
        const c = matrix.colOf(candidates[i]);
        if (c >= 0) allowed[c] = 1;
      }
      for (let c = 0; c < matrix.cols; c++) if (allowed[c] === 0) scores[c] = Number.NEGATIVE_INFINITY;
    }
    if (row >= 0) {
      for (let p = matrix.indptr[row]; p < matrix.indptr[row + 1]; p++) {
        scores[matrix.indices[p]] = Number.NEGATIVE_INFINITY;
      }
    }
    return topColumns(scores, matrix.movieIds, top);
  };
}

/**
 * The `top` columns with the highest finite scores, best first, ties by column ascending (that is, by movieId
 * ascending, since columns are sorted by movieId).
 */
export function topColumns(scores: Float64Array, movieIds: Int32Array, top: number): Ranked[] {
  return Array.from(topIndices(scores, top), (c) => ({ movieId: movieIds[c] as MovieId, score: scores[c] }));
}

/**
 * The indices of the `top` highest finite scores, best first, ties by index ascending; only the indices in
 * `among[0..amongCount)` are looked at when `among` is given. A bounded min-heap keeps the current top, so the
 * cost is O(n · log top) with nothing allocated per index.
 */
export function topIndices(
  scores: Float64Array,
  top: number,
  among?: Int32Array,
  amongCount = among?.length ?? scores.length,
): Int32Array {
  const heap = new Int32Array(Math.min(top, amongCount));
  let size = 0;
  // a ranks after b: lower score, or the same score and a larger index.
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < size && worse(heap[l], heap[w])) w = l;
      if (r < size && worse(heap[r], heap[w])) w = r;
      if (w === i) return;
      const t = heap[i];
      heap[i] = heap[w];
      heap[w] = t;
      i = w;
    }
  };
  for (let t = 0; t < amongCount; t++) {
    const c = among === undefined ? t : among[t];
    if (!(scores[c] > Number.NEGATIVE_INFINITY)) continue;
    if (size < heap.length) {
      let i = size++;
      heap[i] = c;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i], heap[parent])) break;
        const tmp = heap[i];
        heap[i] = heap[parent];
        heap[parent] = tmp;
        i = parent;
      }
    } else if (size > 0 && worse(heap[0], c)) {
      heap[0] = c;
      siftDown();
    }
  }
  return heap.subarray(0, size).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

/**
 * The range predictions are clipped to, in stars: the shape of a dataset's `ratingScale` (datasets.ts), so
 * `DATASETS['ml-100k'].ratingScale` can be passed as it is.
 */
export interface ScaleBounds {
  readonly min: number;
  readonly max: number;
}

/** The lowest and highest training rating: 0.5 and 5 on ml-latest-small, 1 and 5 on ml-100k. */
export function ratingRange(ratings: RatingsTable): ScaleBounds {
  if (ratings.length === 0) throw new UsageError('cannot fit a model on no ratings');
  let min = ratings.rating[0];
  let max = min;
  for (let i = 1; i < ratings.length; i++) {
    const r = ratings.rating[i];
    if (r < min) min = r;
    else if (r > max) max = r;
  }
  return { min, max };
}

/** `x` clipped to the scale, as Surprise clips every estimate. */
export function clipToScale(x: number, { min, max }: ScaleBounds): number {
  return x < min ? min : x > max ? max : x;
}

/** The mean of all ratings, in stars. */
export function meanRating(ratings: RatingsTable): number {
  let sum = 0;
  for (let i = 0; i < ratings.length; i++) sum += ratings.rating[i];
  return sum / ratings.length;
}
