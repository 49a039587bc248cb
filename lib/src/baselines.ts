import { UsageError } from './errors';
import type { Movie, MovieId, RatingsTable } from './types';

/**
 * Step 3 of the blog, non-personalised baselines: the best-rated movies overall and per genre, among movies
 * with enough ratings for their average to mean something.
 *
 * Order of every list: average rating descending, then number of ratings descending (the same average from
 * more people is more trustworthy), then title ascending (code-unit order, so it does not depend on the
 * locale), then movieId ascending (ml-latest-small has a few duplicate titles).
 */

export interface PopularityRow {
  movieId: MovieId;
  /** Title from the catalogue, or `movie <id>` for a rated movie missing from it. */
  title: string;
  /** Plain mean rating, in stars. */
  avgRating: number;
  /** Number of ratings. */
  count: number;
  /** Damped (Bayesian) mean in stars, present when damping is asked for; see `dampedMean`. */
  dampedRating?: number;
}

export interface PopularityOptions {
  /** Least number of ratings (inclusive) a movie needs to be listed; a whole number ≥ 1. Default 50 (the blog's). */
  minCount?: number;
  /** Keep only the first `top` rows (a whole number ≥ 1). Default: all qualifying movies. */
  top?: number;
  /**
   * m of the damped mean, in ratings (≥ 0): adds `dampedRating` beside the plain average. Default: no damped
   * column; with `sortBy: 'damped'` it defaults to `minCount`, a count the blog already trusts.
   */
  damping?: number;
  /** Rank by the plain average (default, the blog's) or by the damped one; ties as in the module comment. */
  sortBy?: 'average' | 'damped';
}

/**
 * The damped (Bayesian) mean: (sum + m × globalMean) / (count + m). It is the plain mean after adding m
 * imaginary ratings at the global mean, so a movie with few ratings is pulled towards the global mean and a
 * movie with many keeps its own. m = 0 gives the plain mean.
 */
export function dampedMean(sum: number, count: number, globalMean: number, m: number): number {
  return (sum + m * globalMean) / (count + m);
}

interface MovieTotals {
  sums: Map<MovieId, number>;
  counts: Map<MovieId, number>;
  globalMean: number;
}

function totals(ratings: RatingsTable): MovieTotals {
  const sums = new Map<MovieId, number>();
  const counts = new Map<MovieId, number>();
  let all = 0;
  for (let i = 0; i < ratings.length; i++) {
    const id = ratings.movieId[i];
    sums.set(id, (sums.get(id) ?? 0) + ratings.rating[i]);
    counts.set(id, (counts.get(id) ?? 0) + 1);
    all += ratings.rating[i];
  }
  return { sums, counts, globalMean: all / ratings.length };
}

function checkWhole(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new UsageError(`${name} must be a whole number ≥ 1, got ${value}`);
  }
}

/** The documented order: average desc, count desc, title asc, movieId asc. */
export function compareRows(a: PopularityRow, b: PopularityRow, key: 'average' | 'damped' = 'average'): number {
  const score = (r: PopularityRow) => (key === 'damped' ? (r.dampedRating ?? r.avgRating) : r.avgRating);
  const byTitle = a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
  return score(b) - score(a) || b.count - a.count || byTitle || a.movieId - b.movieId;
}

function rank(t: MovieTotals, titles: Map<MovieId, string>, ids: Iterable<MovieId>, o: PopularityOptions) {
  const minCount = o.minCount ?? 50;
  checkWhole('minCount', minCount);
  checkWhole('top', o.top);
  const sortBy = o.sortBy ?? 'average';
  const m = o.damping ?? (sortBy === 'damped' ? minCount : undefined);
  if (m !== undefined && !(Number.isFinite(m) && m >= 0)) throw new UsageError(`damping must be ≥ 0, got ${m}`);
  const rows: PopularityRow[] = [];
  for (const movieId of ids) {
    const count = t.counts.get(movieId) ?? 0;
    if (count < minCount) continue;
    const sum = t.sums.get(movieId) ?? 0;
    const row: PopularityRow = {
      movieId,
      title: titles.get(movieId) ?? `movie ${movieId}`,
      avgRating: sum / count,
      count,
    };
    if (m !== undefined) row.dampedRating = dampedMean(sum, count, t.globalMean, m);
    rows.push(row);
  }
  rows.sort((a, b) => compareRows(a, b, sortBy));
  return o.top === undefined ? rows : rows.slice(0, o.top);
}

const titleMap = (movies: readonly Movie[]) => new Map(movies.map((m) => [m.movieId, m.title]));

/**
 * The best-rated movies among those with at least `minCount` ratings (default 50, inclusive).
 * @example popularity(ratings, movies, { top: 3 }) // Shawshank (4.4290, 317), Godfather, Fight Club
 */
export function popularity(
  ratings: RatingsTable,
  movies: readonly Movie[],
  options: PopularityOptions = {},
): PopularityRow[] {
  const t = totals(ratings);
  return rank(t, titleMap(movies), t.counts.keys(), options);
}

/** Genres present in the catalogue, ascending. */
export function knownGenres(movies: readonly Movie[]): string[] {
  return [...new Set(movies.flatMap((m) => m.genres))].sort();
}

export interface GenreTopOptions extends Omit<PopularityOptions, 'minCount' | 'top'> {
  /** Least number of ratings (inclusive), a whole number ≥ 1. Default 20: genres are smaller than the catalogue. */
  minCount?: number;
  /** Movies per genre, a whole number ≥ 1. Default 3. */
  top?: number;
  /** Genres to list, in this order. Default: every genre of the catalogue, ascending. */
  genres?: string[];
}

/**
 * The best-rated movies of each genre (a movie counts in each of its genres), in the order of `popularity`.
 * @throws UsageError for a genre absent from the catalogue, listing the known ones.
 */
export function topByGenre(
  ratings: RatingsTable,
  movies: readonly Movie[],
  options: GenreTopOptions = {},
): { genre: string; movies: PopularityRow[] }[] {
  const known = knownGenres(movies);
  const genres = options.genres ?? known;
  const unknown = genres.filter((g) => !known.includes(g));
  if (unknown.length > 0) {
    throw new UsageError(`unknown genre ${unknown.map((g) => `'${g}'`).join(', ')}; known genres: ${known.join(', ')}`);
  }
  const t = totals(ratings);
  const titles = titleMap(movies);
  const o = { ...options, minCount: options.minCount ?? 20, top: options.top ?? 3 };
  return genres.map((genre) => {
    const ids = movies.filter((m) => m.genres.includes(genre)).map((m) => m.movieId);
    return { genre, movies: rank(t, titles, ids, o) };
  });
}

export interface SensitivityRow {
  minCount: number;
  /** Movies with at least `minCount` ratings. */
  qualifying: number;
  /** The top list at this threshold. */
  top: PopularityRow[];
  /** Movies this top list shares with the top list at the reference threshold, in [0, top]. */
  overlap: number;
}

/**
 * How the top list moves with the minimum count: at 1 the top is full of movies rated 5.0 once; as the bar
 * rises the list settles on well-known films, at the price of fewer movies qualifying.
 * @param options.minCounts thresholds to try, default [1, 5, 10, 20, 50, 100, 200]
 * @param options.top length of each top list, default 10
 * @param options.reference threshold whose top list the others are compared with, default 50 (the blog's)
 */
export function minCountSensitivity(
  ratings: RatingsTable,
  movies: readonly Movie[],
  options: { minCounts?: number[]; top?: number; reference?: number } = {},
): SensitivityRow[] {
  const { minCounts = [1, 5, 10, 20, 50, 100, 200], top = 10, reference = 50 } = options;
  checkWhole('top', top);
  const t = totals(ratings);
  const titles = titleMap(movies);
  const listAt = (minCount: number) => rank(t, titles, t.counts.keys(), { minCount });
  const referenceIds = new Set(
    listAt(reference)
      .slice(0, top)
      .map((r) => r.movieId),
  );
  return minCounts.map((minCount) => {
    const all = listAt(minCount);
    const head = all.slice(0, top);
    return {
      minCount,
      qualifying: all.length,
      top: head,
      overlap: head.filter((r) => referenceIds.has(r.movieId)).length,
    };
  });
}
