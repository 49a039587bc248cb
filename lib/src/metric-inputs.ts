import { UsageError } from './errors';
import type { MovieId, Rating, RatingsTable, UserId } from './types';

/**
 * What every metric takes: the truth (held-out ratings, or the training history for coverage and novelty)
 * and a model's scored (user, movie) pairs, each as readable records or as typed columns. Also the one rule
 * that turns scores into ranked lists, shared by all ranking and beyond-accuracy metrics.
 */

/** One (user, movie) pair scored by a model: a predicted rating in stars, or any ranking score. */
export interface Scored {
  userId: UserId;
  movieId: MovieId;
  /** Higher means better; a predicted rating is on the rating scale, a ranking score on any scale. */
  score: number;
}

/** Scored pairs as typed columns of equal length, for whole test sets without one object per pair. */
export interface ScoredTable {
  readonly length: number;
  readonly userId: Int32Array;
  readonly movieId: Int32Array;
  readonly score: Float32Array | Float64Array;
}

/** Ratings known to be true: records or typed columns. */
export type Truth = readonly Rating[] | RatingsTable;

/** A model's output: records or typed columns. */
export type Predictions = readonly Scored[] | ScoredTable;

/** Read-only columns both input shapes reduce to (internal to the metric modules). */
export interface Columns {
  length: number;
  userId: ArrayLike<number>;
  movieId: ArrayLike<number>;
  /** The rating for truth, the score for predictions. */
  value: ArrayLike<number>;
}

export function truthColumns(truth: Truth): Columns {
  if (!isRecords(truth)) {
    return { length: truth.length, userId: truth.userId, movieId: truth.movieId, value: truth.rating };
  }
  return {
    length: truth.length,
    userId: Int32Array.from(truth, (r) => r.userId),
    movieId: Int32Array.from(truth, (r) => r.movieId),
    value: Float64Array.from(truth, (r) => r.rating),
  };
}

export function predictionColumns(predictions: Predictions): Columns {
  if (!isRecords(predictions)) {
    const { length, userId, movieId, score } = predictions;
    return { length, userId, movieId, value: score };
  }
  return {
    length: predictions.length,
    userId: Int32Array.from(predictions, (p) => p.userId),
    movieId: Int32Array.from(predictions, (p) => p.movieId),
    value: Float64Array.from(predictions, (p) => p.score),
  };
}

/** One number per (user, movie) pair: exact for user ids below 2^21 and movie ids below 2^32. */
export function pairKey(userId: number, movieId: number): number {
  return userId * 4294967296 + movieId;
}

/**
 * Each user's top `k` movies by score, best first: the ranking every ranking metric evaluates. Ties in score
 * are broken by movie id ascending, so results never depend on input order. A user with fewer than `k`
 * scored movies gets a shorter list.
 * @param k list length, a positive integer.
 * @throws UsageError on a NaN score, or when a movie appears twice in one user's top k.
 */
export function topKByUser(predictions: Predictions, k: number): Map<UserId, MovieId[]> {
  checkK(k);
  const { length, userId, movieId, value: score } = predictionColumns(predictions);
  const before = (a: number, b: number) => score[a] > score[b] || (score[a] === score[b] && movieId[a] < movieId[b]);
  // A bounded insertion list per user: about one comparison per row when lists are long and k is small.
  const rows = new Map<UserId, number[]>();
  for (let i = 0; i < length; i++) {
    if (Number.isNaN(score[i])) throw new UsageError(`NaN score for user ${userId[i]}, movie ${movieId[i]}`);
    let list = rows.get(userId[i]);
    if (list === undefined) {
      list = [];
      rows.set(userId[i], list);
    }
    if (list.length === k) {
      if (!before(i, list[k - 1])) continue;
      list[k - 1] = i;
    } else {
      list.push(i);
    }
    for (let j = list.length - 1; j > 0 && before(i, list[j - 1]); j--) {
      list[j] = list[j - 1];
      list[j - 1] = i;
    }
  }
  const top = new Map<UserId, MovieId[]>();
  for (const [user, list] of rows) {
    const movies = list.map((row) => movieId[row]);
    if (new Set(movies).size !== movies.length) {
      throw new UsageError(`user ${user} has the same movie scored twice in their top ${k}`);
    }
    top.set(user, movies);
  }
  return top;
}

/** @throws UsageError unless `k` is a positive integer. */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`k must be a positive integer, got ${k}`);
}

function isRecords<T>(x: readonly T[] | object): x is readonly T[] {
  return Array.isArray(x);
}
