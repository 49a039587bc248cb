import { UsageError } from './errors';
import { NO_GENRE_LABELS, NO_GENRES } from './movielens-files';
import { ratingsToRecords } from './ratings-columns';
import type { DatasetName, Movie, MovieLens, Rating, RatingsTable } from './types';

/**
 * Step 1 of the blog, "a first look at the data": the headline numbers of a dataset and its first rows.
 * Everything here is computed from the loaded records, so prose and captions can quote it instead of typing it.
 */

/**
 * What the blog calls "MovieLens 100K" is ml-latest-small (2018: 100,836 ratings by 610 users on 9,742 movies,
 * half stars 0.5–5.0), not the classic ml-100k (1998: 100,000 ratings by 943 users on 1,682 movies, whole
 * stars). Both are "about 100K ratings"; the blog's numbers (and this project's tests) are ml-latest-small's.
 */
export const BLOG_DATASET: DatasetName = 'ml-latest-small';
export const BLOG_DATASET_NOTE =
  'The blog\'s "MovieLens 100K" is ml-latest-small (100,836 ratings, 610 users, 9,742 movies, 0.5–5.0 stars), ' +
  'not the classic ml-100k (100,000 ratings, 943 users, 1,682 movies, 1–5 stars).';

/** Smallest, median and largest of a count. The median of an even number of values is the mean of the middle two. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface DatasetStats {
  name: DatasetName;
  /** Number of ratings (rows of ratings.csv). */
  ratings: number;
  /** Distinct users with at least one rating. */
  users: number;
  /** Movies in the catalogue (movies.csv), rated or not. */
  movies: number;
  /** Distinct movies with at least one rating. */
  ratedMovies: number;
  /** Mean of all ratings, in stars. */
  meanRating: number;
  /** Number of ratings per rating value, ascending by value (only values that occur). */
  histogram: { rating: number; count: number }[];
  /** Earliest and latest rating, in seconds since 1970-01-01 UTC, and the same as ISO 8601 dates (UTC). */
  firstTimestamp: number;
  lastTimestamp: number;
  firstDate: string;
  lastDate: string;
  /**
   * Ratings of a (user, movie) pair that an earlier row already rated. MovieLens files have none; a file that
   * has some fills fewer cells than it has rows, and `buildRatingMatrix` refuses it.
   */
  repeatedPairs: number;
  /**
   * Share of the user × rated-movie matrix that is empty: 1 − filled cells / (users × ratedMovies), in [0, 1).
   * Filled cells are distinct (user, movie) pairs: ratings − repeatedPairs.
   */
  sparsity: number;
  ratingsPerUser: Spread;
  ratingsPerMovie: Spread;
}

/** Number of rows per distinct value of an id column. */
export function countBy(ids: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Number of distinct (user, movie) pairs among the rows. */
function distinctPairs(userIds: Int32Array, movieIds: Int32Array): number {
  const moviesOf = new Map<number, Set<number>>();
  let n = 0;
  for (let i = 0; i < userIds.length; i++) {
    let seen = moviesOf.get(userIds[i]);
    if (seen === undefined) {
      seen = new Set();
      moviesOf.set(userIds[i], seen);
    }
    if (!seen.has(movieIds[i])) {
      seen.add(movieIds[i]);
      n++;
    }
  }
  return n;
}

/** Min, median and max of a non-empty list of counts. */
export function spread(values: Iterable<number>): Spread {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) throw new UsageError('spread needs at least one value');
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** ISO 8601 date-time (UTC) of a timestamp in seconds. */
export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * The headline numbers of a dataset (step 1 of the blog). One pass over the ratings plus two small sorts.
 * @throws UsageError when the dataset has no ratings (every number would be undefined).
 */
export function datasetStats(ds: MovieLens): DatasetStats {
  const { ratings } = ds;
  if (ratings.length === 0) throw new UsageError(`${ds.name} has no ratings to describe`);
  const values = new Map<number, number>();
  let sum = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ratings.length; i++) {
    const r = ratings.rating[i];
    sum += r;
    values.set(r, (values.get(r) ?? 0) + 1);
    first = Math.min(first, ratings.timestamp[i]);
    last = Math.max(last, ratings.timestamp[i]);
  }
  const perUser = countBy(ratings.userId);
  const perMovie = countBy(ratings.movieId);
  const repeatedPairs = ratings.length - distinctPairs(ratings.userId, ratings.movieId);
  return {
    name: ds.name,
    ratings: ratings.length,
    users: perUser.size,
    movies: ds.movies.length,
    ratedMovies: perMovie.size,
    meanRating: sum / ratings.length,
    histogram: [...values].sort((a, b) => a[0] - b[0]).map(([rating, count]) => ({ rating, count })),
    firstTimestamp: first,
    lastTimestamp: last,
    firstDate: isoDate(first),
    lastDate: isoDate(last),
    repeatedPairs,
    sparsity: 1 - (ratings.length - repeatedPairs) / (perUser.size * perMovie.size),
    ratingsPerUser: spread(perUser.values()),
    ratingsPerMovie: spread(perMovie.values()),
  };
}

/** A movie as its file shows it: genres joined by '|', or the dataset's no-genres label when there are none. */
export interface MovieRow {
  movieId: number;
  title: string;
  genres: string;
}

/** Rating records of rows [start, start + n) of a table, in table (file) order; fewer at the end of the table. */
export function ratingRows(table: RatingsTable, n = 5, start = 0): Rating[] {
  return ratingsToRecords(table, Math.max(0, start), Math.max(0, start) + n);
}

/** A movie as its file shows it; `noGenres` is the label for no genres, default ml-latest-small's. */
export function movieRow(movie: Movie, noGenres = NO_GENRES): MovieRow {
  const genres = movie.genres.length === 0 ? noGenres : movie.genres.join('|');
  return { movieId: movie.movieId, title: movie.title, genres };
}

/**
 * "The first rows of ratings.csv and movies.csv", as records for a table.
 * @param n rows of each, default 5 (what `head()` shows); fewer when the data is shorter.
 */
export function firstRows(ds: MovieLens, n = 5): { ratings: Rating[]; movies: MovieRow[] } {
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`firstRows: n must be a whole number ≥ 0, got ${n}`);
  return {
    ratings: ratingRows(ds.ratings, n),
    movies: ds.movies.slice(0, n).map((m) => movieRow(m, NO_GENRE_LABELS[ds.name])),
  };
}
