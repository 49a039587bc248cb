/**
 * The records every step of the pipeline speaks. Defined once here; every other module imports them.
 *
 * Two shapes exist for ratings: `Rating` records for small, readable data (fixtures, tables, notebook cells)
 * and `RatingsTable`, typed columns for the algorithms (one JS object per rating would cost about 100 bytes
 * each and dominate run time at 25 million ratings).
 */

/** A MovieLens user id as published (1-based, not necessarily contiguous). */
export type UserId = number;
/** A MovieLens movie id as published (ml-latest-small ids go up to 193609; ml-100k item ids 1..1682). */
export type MovieId = number;

/** The two datasets the project knows. ml-latest-small is the blog's "MovieLens 100K". */
export type DatasetName = 'ml-latest-small' | 'ml-100k';
export const DATASET_NAMES: readonly DatasetName[] = ['ml-latest-small', 'ml-100k'];

/** One rating. `rating` is in stars: 0.5–5.0 in half stars (ml-latest-small) or 1–5 (ml-100k). */
export interface Rating {
  userId: UserId;
  movieId: MovieId;
  rating: number;
  /** Seconds since 1970-01-01 UTC. */
  timestamp: number;
}

/** One movie. `genres` is empty when the source says `(no genres listed)` or sets no genre flag. */
export interface Movie {
  movieId: MovieId;
  /** Title as published, including the year in parentheses when there is one. */
  title: string;
  /** Release year parsed from the title (or ml-100k's release date), when present. */
  year?: number;
  genres: string[];
}

/** A free-text tag a user put on a movie (ml-latest-small only). */
export interface Tag {
  userId: UserId;
  movieId: MovieId;
  tag: string;
  timestamp: number;
}

/** Identifiers of a movie on IMDb and TMDb (ml-latest-small only); `tmdbId` is missing for a few movies. */
export interface Link {
  movieId: MovieId;
  imdbId: string;
  tmdbId?: number;
}

/** Demographics of an ml-100k user. */
export interface User {
  userId: UserId;
  age: number;
  gender: string;
  occupation: string;
  zipCode: string;
}

/**
 * Ratings as typed columns of equal length: row i is the rating `rating[i]` of user `userId[i]` for movie
 * `movieId[i]` at `timestamp[i]`. Half stars are exact in a Float32Array, and Uint32 timestamps last until 2106.
 */
export interface RatingsTable {
  readonly length: number;
  readonly userId: Int32Array;
  readonly movieId: Int32Array;
  readonly rating: Float32Array;
  readonly timestamp: Uint32Array;
}

/** A loaded dataset in the project's one shape. */
export interface MovieLens {
  name: DatasetName;
  ratings: RatingsTable;
  movies: Movie[];
  /** ml-latest-small only. */
  tags?: Tag[];
  /** ml-latest-small only. */
  links?: Link[];
  /** ml-100k only. */
  users?: User[];
}

/** A recommended or ranked movie with the score that ranked it (a predicted rating, or a model's score). */
export interface ScoredMovie {
  movieId: MovieId;
  title: string;
  score: number;
}
