import { UsageError } from './errors';
import { createRng, normalSampler, type Rng } from './random';
import { apportion, DistinctSampler } from './sampling';
import type { RatingsTable } from './types';

/**
 * MovieLens-like ratings of any size, from a seed: for measuring how the pipeline scales to ml-25m (25 million
 * ratings) without downloading it. What is copied from MovieLens: the number of users and movies per rating
 * (ml-25m), heavy-tailed user activity with at least 20 ratings per user, heavy-tailed movie popularity (both
 * lognormal, fitted to ml-latest-small), one rating per (user, movie), the half-star rating distribution
 * (ml-latest-small), timestamps that increase per user within ml-25m's date range, and rows sorted by user then
 * movie as in the published ratings.csv files. The ratings carry structure a model can learn: user and movie
 * biases plus a rank-8 interaction, mapped onto the half-star distribution by their rank.
 */

/** Published size of ml-25m (its README): the default users and movies per rating come from it. */
export const ML_25M_SIZE = { ratings: 25_000_095, users: 162_541, movies: 59_047 } as const;

/** The ten ratings of the half-star scale, 0.5 to 5.0 stars. */
export const HALF_STARS: readonly number[] = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

/**
 * How many of ml-latest-small's 100,836 ratings give each of HALF_STARS, counted in
 * /work/shared/data/movielens/ml-latest-small/ratings.csv (the 2018-09 release). 4.0 is the most common
 * rating (26.6%), then 3.0 (19.9%); half stars are rarer than the whole stars beside them.
 */
export const ML_LATEST_SMALL_RATING_COUNTS: readonly number[] = [
  1370, 2811, 1791, 7551, 5550, 20047, 13136, 26818, 8551, 13211,
];

/** Row order of the table. */
export type SyntheticOrder = 'user-movie' | 'user-time';

export interface SyntheticOptions {
  /** Number of ratings, a whole number ≥ 1. */
  ratings: number;
  /**
   * Number of users (ids 1..users). Default: ml-25m's 6.5 users per 1,000 ratings, so that 25,000,095 ratings
   * give its 162,541 users; at least 1.
   */
  users?: number;
  /**
   * Number of movies (ids 1..movies, at most 2,097,151). Default: ml-25m's 2.36 movies per 1,000 ratings,
   * raised below about 400,000 ratings so that at most a quarter of the user × movie cells are rated.
   */
  movies?: number;
  /** Seed of every random choice: the same options give the same table on every machine. */
  seed: number;
  /**
   * 'user-movie' (default): rows sorted by user then movie, as in MovieLens's ratings.csv files.
   * 'user-time': rows sorted by user then time, in the order each user rated.
   */
  order?: SyntheticOrder;
  /**
   * σ of the lognormal weight of each user's ratings beyond the first 20. Default 1.45: ml-latest-small's
   * users have a median of 70 and a mean of 165 ratings, which a lognormal with this σ reproduces.
   */
  activitySigma?: number;
  /**
   * σ of the lognormal popularity weight of each movie. Default 1.6: the quantiles of ml-latest-small's ratings
   * per movie follow a lognormal of σ 1.4 to 1.7, and its top 10% of movies hold 60% of the ratings.
   */
  popularitySigma?: number;
}

/** MovieLens keeps users with at least 20 ratings. */
const MIN_PER_USER = 20;
/** ml-25m's date range: 1995-01-09 to 2019-11-21 (its README), in seconds since 1970. */
const FIRST_TIME = Date.UTC(1995, 0, 9) / 1000;
const LAST_TIME = Date.UTC(2019, 10, 21) / 1000;
/** Variance of each part of the latent score (they add up to 1): user bias, movie bias, taste, noise. */
const VARIANCE = { user: 0.25, movie: 0.2, taste: 0.2, noise: 0.35 };
const TASTE_RANK = 8;
const MAX_MOVIES = 2 ** 21 - 1;
const TWO_32 = 2 ** 32;

/**
 * A seeded MovieLens-like ratings table; see the module comment for what it imitates. Uses only typed arrays:
 * 25 million ratings take 400 MB of columns plus a few MB, and 6 to 8 s on this project's machines (0.3 s per
 * million ratings). Users beyond the ratings' reach (more users than ratings) get no rating.
 * @throws UsageError for sizes that are not whole numbers, or more ratings than users × movies.
 */
export function generateRatings(options: SyntheticOptions): RatingsTable {
  const { ratings: n, seed, order = 'user-movie', activitySigma = 1.45, popularitySigma = 1.6 } = options;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`ratings must be a whole number ≥ 1, got ${n}`);
  const users = options.users ?? Math.max(1, Math.round((n * ML_25M_SIZE.users) / ML_25M_SIZE.ratings));
  const byRatio = Math.round((n * ML_25M_SIZE.movies) / ML_25M_SIZE.ratings);
  const movies = options.movies ?? Math.min(MAX_MOVIES, Math.max(byRatio, Math.ceil((4 * n) / users)));
  for (const [name, value, max] of [
    ['users', users, 2 ** 31 - 1],
    ['movies', movies, MAX_MOVIES],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new UsageError(`${name} must be a whole number from 1 to ${max}, got ${value}`);
    }
  }
  if (n > users * movies) throw new UsageError(`${n} ratings do not fit in ${users} users × ${movies} movies`);

  const rng = createRng(seed);
  const normal = normalSampler(rng);
  const lognormal = (length: number, sigma: number) => Float64Array.from({ length }, () => Math.exp(sigma * normal()));
  const minPerUser = Math.min(MIN_PER_USER, Math.floor(n / users), movies);
  const counts = apportion(n, lognormal(users, activitySigma), minPerUser, movies);
  const sampler = new DistinctSampler(lognormal(movies, popularitySigma));
  const score = latentScores(users, movies, rng);

  const table: RatingsTable = {
    length: n,
    userId: new Int32Array(n),
    movieId: new Int32Array(n),
    rating: new Float32Array(n),
    timestamp: new Uint32Array(n),
  };
  let maxCount = 0;
  for (let u = 0; u < users; u++) maxCount = Math.max(maxCount, counts[u]);
  const scratch = new Float64Array(maxCount + 1);
  for (let u = 0, start = 0; u < users; start += counts[u++]) {
    const end = start + counts[u];
    table.userId.fill(u + 1, start, end);
    const picked = sampler.draw(table.movieId.subarray(start, end), rng);
    userTimes(table.timestamp.subarray(start, end), rng, normal, scratch);
    if (order === 'user-movie') sortByMovie(picked, table.timestamp.subarray(start, end), scratch);
    for (let p = start; p < end; p++) {
      table.rating[p] = score(u, picked[p - start], normal());
      picked[p - start]++;
    }
  }
  toHalfStars(table.rating);
  return table;
}

/**
 * The latent score of user u for movie m (0-based) plus `noise`: standard normal over all pairs. Biases
 * do not depend on activity or popularity, so the mix of pairs that get rated keeps that distribution.
 */
function latentScores(users: number, movies: number, rng: Rng): (u: number, m: number, noise: number) => number {
  const normal = normalSampler(rng);
  const sd = (v: number) => Math.sqrt(v);
  const userBias = Float64Array.from({ length: users }, () => sd(VARIANCE.user) * normal());
  const movieBias = Float64Array.from({ length: movies }, () => sd(VARIANCE.movie) * normal());
  // Each taste term is a sum of TASTE_RANK products of standard normals, scaled to its variance.
  const userTaste = Float64Array.from({ length: users * TASTE_RANK }, normal);
  const movieTaste = Float64Array.from({ length: movies * TASTE_RANK }, normal);
  const tasteScale = sd(VARIANCE.taste / TASTE_RANK);
  const noiseScale = sd(VARIANCE.noise);
  return (u, m, noise) => {
    let taste = 0;
    for (let f = 0; f < TASTE_RANK; f++) taste += userTaste[u * TASTE_RANK + f] * movieTaste[m * TASTE_RANK + f];
    return userBias[u] + movieBias[m] + tasteScale * taste + noiseScale * noise;
  };
}

/**
 * Strictly increasing timestamps for one user: a start uniform over ml-25m's range and an active span with a
 * median of one day (most MovieLens users rate in one sitting, some come back for years), the times spread
 * uniformly inside it (sorted uniforms from cumulative exponential gaps, in O(count)).
 */
function userTimes(out: Uint32Array, rng: Rng, normal: () => number, gaps: Float64Array): void {
  const count = out.length;
  const first = FIRST_TIME + Math.floor(rng() * (LAST_TIME - FIRST_TIME - count));
  const span = Math.max(count, Math.min(LAST_TIME - first, Math.round(86_400 * Math.exp(2.5 * normal()))));
  let total = 0;
  for (let k = 0; k <= count; k++) {
    total -= Math.log(1 - rng());
    gaps[k] = total;
  }
  // Adding k keeps times strictly increasing even when the span is shorter than one second per rating.
  for (let k = 0; k < count; k++) out[k] = first + k + Math.floor(((span - count) * gaps[k]) / total);
}

/** Sorts one user's rows by movie, keeping each movie's timestamp (packed as movie · 2³² + time, exact < 2⁵³). */
function sortByMovie(movie: Int32Array, time: Uint32Array, scratch: Float64Array): void {
  const keys = scratch.subarray(0, movie.length);
  for (let k = 0; k < movie.length; k++) keys[k] = movie[k] * TWO_32 + time[k];
  keys.sort();
  for (let k = 0; k < movie.length; k++) {
    movie[k] = Math.floor(keys[k] / TWO_32);
    time[k] = keys[k] - movie[k] * TWO_32;
  }
}

/**
 * Replaces latent scores by half stars in ml-latest-small's proportions, by rank: the lowest 1.36% of scores
 * become 0.5, and so on. Ranks come from a histogram of 2¹⁶ bins (O(n), no sort of 25 million numbers), so each
 * proportion is off by at most one bin's share, a few hundredths of a percent.
 */
function toHalfStars(scores: Float32Array): void {
  const n = scores.length;
  const bins = 1 << 16;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, scores[i]);
    hi = Math.max(hi, scores[i]);
  }
  const width = (hi - lo) / bins || 1;
  const binOf = (z: number) => Math.min(bins - 1, Math.floor((z - lo) / width));
  const histogram = new Float64Array(bins);
  for (let i = 0; i < n; i++) histogram[binOf(scores[i])]++;
  const total = ML_LATEST_SMALL_RATING_COUNTS.reduce((a, b) => a + b, 0);
  // upTo[k]: how many of the n ratings are HALF_STARS[k] or lower.
  const upTo: number[] = [];
  let cumulative = 0;
  for (const c of ML_LATEST_SMALL_RATING_COUNTS) {
    cumulative += c;
    upTo.push((cumulative / total) * n);
  }
  // A bin goes to the star whose share of ranks holds the bin's middle rank.
  const starOfBin = new Uint8Array(bins);
  let below = 0;
  let star = 0;
  for (let b = 0; b < bins; b++) {
    while (star < HALF_STARS.length - 1 && below + histogram[b] / 2 >= upTo[star]) star++;
    starOfBin[b] = star;
    below += histogram[b];
  }
  for (let i = 0; i < n; i++) scores[i] = HALF_STARS[starOfBin[binOf(scores[i])]];
}
