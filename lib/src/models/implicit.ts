import { buildRatingMatrix, type CsrMatrix, type RatingMatrix } from '../matrix';
import type { RatingsTable } from '../types';

/**
 * The implicit view the top-N models learn from: who watched what, not how many stars. Ranking models ask
 * "will the user rate this movie soon?" rather than "how many stars?", and a 2-star rating still says the
 * user chose to watch the movie.
 */

/** The user × movie matrix of training ratings with every stored entry set to 1 (watched). */
export interface ImplicitMatrix {
  /** The training rating matrix (stars), whose rows, columns and seen movies the recommender uses. */
  ratings: RatingMatrix;
  /** The same pattern, with 1 where the rating is at least `minRating` and no entry elsewhere. */
  watched: CsrMatrix;
  /** Entries (users) per column of `watched`. */
  columnCounts: Float64Array;
}

/**
 * @param minRating ratings below this many stars are left out of `watched` (0 keeps every rating). They
 *   still count as seen: a movie the user rated is never recommended to them.
 */
export function implicitMatrix(train: RatingsTable, minRating: number): ImplicitMatrix {
  const ratings = buildRatingMatrix(train);
  const indptr = new Int32Array(ratings.rows + 1);
  const kept: number[] = [];
  for (let r = 0; r < ratings.rows; r++) {
    for (let p = ratings.indptr[r]; p < ratings.indptr[r + 1]; p++) if (ratings.values[p] >= minRating) kept.push(p);
    indptr[r + 1] = kept.length;
  }
  const indices = Int32Array.from(kept, (p) => ratings.indices[p]);
  const columnCounts = new Float64Array(ratings.cols);
  for (const c of indices) columnCounts[c]++;
  const watched = {
    rows: ratings.rows,
    cols: ratings.cols,
    indptr,
    indices,
    values: new Float64Array(kept.length).fill(1),
  };
  return { ratings, watched, columnCounts };
}

/** How `minRating` reads in a model description: nothing for 0, else ' (watched = rated ≥ 3.5)'. */
export function watchedRule(minRating: number): string {
  return minRating > 0 ? ` (watched = rated ≥ ${minRating})` : '';
}
