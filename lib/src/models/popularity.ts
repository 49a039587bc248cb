import { popularity } from '../baselines';
import { UsageError } from '../errors';
import { buildRatingMatrix, type RatingMatrix } from '../matrix';
import type { Movie, RatingsTable } from '../types';
import type { FittedModel, Model } from './model';
import { columnRecommender, meanRating } from './top-n';

/**
 * Step 3 of the blog as models: the same list for everyone, minus what each user has already seen. The
 * statistics come from baselines.ts (`popularity`, `dampedMean`); this module only turns them into a Model.
 */

/** What ranks the movies: how many ratings, the plain mean rating, or the damped mean rating. */
export type PopularityScore = 'count' | 'average' | 'damped';

export interface PopularityModelOptions {
  /** Default 'average', the blog's step 3 list. */
  by?: PopularityScore;
  /**
   * With `by: 'average'`, movies with fewer ratings than this (a whole number ≥ 1) are never recommended, as
   * in the blog's list: an average of two ratings means little. Default 50, the blog's threshold. Ignored by
   * the other scores, which need no threshold.
   */
  minCount?: number;
  /**
   * m of the damped mean, in ratings (≥ 0): each movie gets m imaginary ratings at the global mean. Default 50,
   * the count the blog already trusts (baselines.ts uses the same default).
   */
  damping?: number;
}

/** Per training column (movie): its number of ratings, plain mean and damped mean, in stars. */
export interface ColumnPopularity {
  count: Float64Array;
  average: Float64Array;
  damped: Float64Array;
  globalMean: number;
}

/** The popularity statistics of every column of `matrix`, computed by baselines.ts's `popularity`. */
export function columnPopularity(
  train: RatingsTable,
  movies: readonly Movie[],
  matrix: RatingMatrix,
  damping: number,
): ColumnPopularity {
  const count = new Float64Array(matrix.cols);
  const average = new Float64Array(matrix.cols);
  const damped = new Float64Array(matrix.cols);
  for (const row of popularity(train, movies, { minCount: 1, damping })) {
    const c = matrix.colOf(row.movieId);
    count[c] = row.count;
    average[c] = row.avgRating;
    damped[c] = row.dampedRating ?? row.avgRating;
  }
  return { count, average, damped, globalMean: meanRating(train) };
}

/**
 * A non-personalised model: every user gets the same ranking, without the movies they rated in training.
 * Scores are the number of ratings, the mean rating or the damped mean rating. The two rating scores also
 * predict ratings (a movie's mean, the global mean for a movie absent from training); 'count' does not.
 * @example popularityModel({ by: 'damped' }).fit(train, { movies }).recommend(1, { top: 5 })
 */
export function popularityModel(options: PopularityModelOptions = {}): Model {
  const { by = 'average', minCount = 50, damping = 50 } = options;
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new UsageError(`minCount must be a whole number ≥ 1, got ${minCount}`);
  }
  if (!(Number.isFinite(damping) && damping >= 0)) throw new UsageError(`damping must be ≥ 0, got ${damping}`);
  const description = {
    count: 'most rated movies first',
    average: `highest mean rating among movies with at least ${minCount} ratings`,
    damped: `highest damped mean rating (m = ${damping} ratings at the global mean)`,
  }[by];
  return {
    name: `popularity-${by}`,
    description,
    predictsRatings: by !== 'count',
    fit(train, context): FittedModel {
      const matrix = buildRatingMatrix(train);
      const stats = columnPopularity(train, context.movies, matrix, damping);
      const scores = new Float64Array(matrix.cols);
      for (let c = 0; c < matrix.cols; c++) {
        if (by === 'count') scores[c] = stats.count[c];
        else if (by === 'damped') scores[c] = stats.damped[c];
        else scores[c] = stats.count[c] >= minCount ? stats.average[c] : Number.NEGATIVE_INFINITY;
      }
      const rated = by === 'damped' ? stats.damped : stats.average;
      return {
        predict(_userId, movieId) {
          if (by === 'count') return Number.NaN;
          const c = matrix.colOf(movieId);
          return c < 0 ? stats.globalMean : rated[c];
        },
        recommend: columnRecommender(matrix, (_row, out) => out.set(scores)),
      };
    },
  };
}
