import type { ScoredTable } from '../metric-inputs';
import { ratingMetrics } from '../metrics';
import type { FittedModel, Model } from '../models/model';
import { type Progress, silentProgress } from '../progress';
import { takeRows } from '../ratings-columns';
import type { Movie, RatingsTable } from '../types';
import { type CandidateIndex, candidateIndex } from './candidates';
import { type ListMetrics, listMetrics } from './list-metrics';

/**
 * The heart of every evaluation protocol: fit a model on one train table, then score it on the matching test
 * table. Both protocols (ml100k-folds, mls-temporal) call this once per split, so the rules below hold for
 * both:
 *
 * - rating metrics (RMSE, MAE) use the test ratings whose movie appears in train: no model can predict a
 *   movie it never saw, and leaving them out treats every model alike;
 * - each test user gets one list of `k` movies chosen among the candidates: movies present in train that the
 *   user did not rate in train (a movie only in test cannot be recommended by any model either);
 * - ranking metrics count a listed movie as a hit when the user rated it at least `minRating` in test, and
 *   are averaged over the users with at least one such rating (a user with none cannot score anything);
 * - coverage is the share of train movies recommended to at least one test user.
 */

export interface SplitSettings {
  /** List length: a positive integer. Default 10, the length of a shown list and MS's DEFAULT_K. */
  k?: number;
  /**
   * A test rating at least this many stars makes the movie relevant. Default 4.0: on a five-star scale a 4 is
   * the first rating that says "I liked it", and MovieLens users rate generously (mean about 3.5).
   */
  minRating?: number;
  /** Progress of fitting (the model's own steps, e.g. epochs) and of recommending, per user. Default silent. */
  progress?: Progress;
}

/** How one fitted model did on one split. Every metric is in [0, 1] except RMSE/MAE (stars) and novelty (bits). */
export interface SplitMetrics extends ListMetrics {
  /** Root mean squared error in stars over `ratedPairs` test ratings; null for a model that only ranks. */
  rmse: number | null;
  /** Mean absolute error in stars over the same ratings; null for a model that only ranks. */
  mae: number | null;
  /** Test ratings scored by RMSE/MAE: those whose movie is in train (0 for a model that only ranks). */
  ratedPairs: number;
  /** Seconds spent in `fit`. */
  fitSeconds: number;
  /** Seconds spent in `predict` over the rated test pairs. */
  predictSeconds: number;
  /** Seconds spent in `recommend` over all test users. */
  recommendSeconds: number;
}

/** A train table and the test table held out from it. */
export interface TrainTest {
  train: RatingsTable;
  test: RatingsTable;
}

/**
 * Fits `model` on `split.train` and scores it on `split.test` by the rules of the module comment.
 * @param movies the catalogue handed to the model (genre-aware models read it).
 * @throws Error when the model breaks its contract (a NaN rating from a rating model, a recommended movie
 *   outside the user's candidates): a bug in the model, not in the data.
 */
export function evaluateSplit(
  model: Model,
  split: TrainTest,
  movies: readonly Movie[],
  settings: SplitSettings = {},
): SplitMetrics {
  const { k = 10, minRating = 4, progress = silentProgress } = settings;
  let start = performance.now();
  const fitted = model.fit(split.train, { movies, progress });
  const fitSeconds = seconds(start);
  const index = candidateIndex(split.train);

  start = performance.now();
  const rated = model.predictsRatings ? ratingErrors(model.name, fitted, split.test, index) : undefined;
  const predictSeconds = seconds(start);

  start = performance.now();
  const lists = recommendAll(model.name, fitted, split.test, index, k, progress);
  const recommendSeconds = seconds(start);

  return {
    rmse: rated?.rmse ?? null,
    mae: rated?.mae ?? null,
    ratedPairs: rated?.pairs ?? 0,
    ...listMetrics(split.train, split.test, lists, { k, minRating }),
    fitSeconds,
    predictSeconds,
    recommendSeconds,
  };
}

/** RMSE and MAE over the test ratings whose movie is in train, or undefined when there is none. */
function ratingErrors(name: string, fitted: FittedModel, test: RatingsTable, index: CandidateIndex) {
  const rows: number[] = [];
  for (let i = 0; i < test.length; i++) if (index.colOf(test.movieId[i]) >= 0) rows.push(i);
  if (rows.length === 0) return undefined;
  const truth = takeRows(test, rows);
  const score = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) {
    score[i] = fitted.predict(truth.userId[i], truth.movieId[i]);
    if (!Number.isFinite(score[i])) {
      throw new Error(`model ${name} predicted ${score[i]} for user ${truth.userId[i]}, movie ${truth.movieId[i]}`);
    }
  }
  return ratingMetrics(truth, { length: truth.length, userId: truth.userId, movieId: truth.movieId, score });
}

/**
 * One list per test user, as a scored table whose score is minus the rank: the metrics then see exactly the
 * model's order, whatever scale (or ties) its own scores have.
 */
function recommendAll(
  name: string,
  fitted: FittedModel,
  test: RatingsTable,
  index: CandidateIndex,
  k: number,
  progress: Progress,
): ScoredTable {
  const users = [...new Set(test.userId)].sort((a, b) => a - b);
  const userId: number[] = [];
  const movieId: number[] = [];
  const score: number[] = [];
  users.forEach((user, u) => {
    progress.update('recommending, user', u + 1, users.length);
    const candidates = index.candidatesOf(user);
    const list = fitted.recommend(user, { top: k, candidates });
    if (list.length > k) throw new Error(`model ${name} recommended ${list.length} movies to user ${user}, not ${k}`);
    list.forEach((item, rank) => {
      if (!index.isCandidate(user, item.movieId)) {
        throw new Error(`model ${name} recommended movie ${item.movieId} to user ${user}: not one of its candidates`);
      }
      userId.push(user);
      movieId.push(item.movieId);
      score.push(-rank);
    });
  });
  return {
    length: userId.length,
    userId: Int32Array.from(userId),
    movieId: Int32Array.from(movieId),
    score: Float64Array.from(score),
  };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}
