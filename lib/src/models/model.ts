import type { Progress } from '../progress';
import type { Movie, MovieId, RatingsTable, UserId } from '../types';

/**
 * The one interface every recommender implements, so that evaluation, the CLI and the notebooks treat a
 * popularity list, an SVD and a factorisation model alike: fit on training ratings, then predict or rank.
 */

/** What a model may use while fitting besides the ratings. */
export interface FitContext {
  /** The movie catalogue (titles, genres): genre-aware models use it. */
  movies: readonly Movie[];
  /** Progress per epoch or step for long fits; default silent. */
  progress?: Progress;
}

/** A movie and the score that ranked it: a predicted rating for rating models, a model score otherwise. */
export interface Ranked {
  movieId: MovieId;
  score: number;
}

export interface RecommendOptions {
  /** How many movies, default 10. */
  top?: number;
  /**
   * Which movies may be recommended; default every movie seen in training. Movies the user rated in training
   * are never recommended.
   */
  candidates?: ArrayLike<MovieId>;
}

/** A model after fitting. */
export interface FittedModel {
  /**
   * The predicted rating in stars for (user, movie), or NaN when the model does not predict ratings (pure
   * ranking models) — rating metrics then report null for it.
   */
  predict(userId: UserId, movieId: MovieId): number;
  /** The top movies for a user, best first, ties by movieId ascending; never a movie rated in training. */
  recommend(userId: UserId, options?: RecommendOptions): Ranked[];
}

/** A recommender before fitting: a name for tables and a fit function. */
export interface Model {
  /** Short stable name used in tables, JSON and `--model`, e.g. 'popularity', 'svd-user-mean', 'mf-sgd'. */
  readonly name: string;
  /** One line for tables: what the model is and its main parameters. */
  readonly description: string;
  /** Whether `predict` gives ratings (rating metrics apply). */
  readonly predictsRatings: boolean;
  fit(train: RatingsTable, context: FitContext): FittedModel;
}
