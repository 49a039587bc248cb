import { type BotDetection, type BotRules, detectBots } from './bots';
import { takeRows } from './ratings-columns';
import type { Movie, MovieLens, RatingsTable } from './types';

/**
 * Step 2 of the blog, cleaning. Each step says how many rows went in and came out, so a notebook can show
 * exactly what was lost and why, instead of a cleaned table appearing out of nowhere.
 */

export type CleaningStep = 'merge-movies' | 'drop-no-genres' | 'bots';

export interface StepReport {
  step: CleaningStep;
  /** Which rows are counted: ratings, or movies of the catalogue. */
  table: 'ratings' | 'movies';
  rowsIn: number;
  rowsOut: number;
  note: string;
}

/** What to do with users the bot rules flag: keep them and report them, or drop them with their ratings. */
export type BotMode = 'flag' | 'drop';

export interface CleaningOptions {
  /**
   * Default 'flag': many real MovieLens users rate in batches that share a timestamp, so the rules cannot tell
   * a bot from a person filling in the sign-up page; the report says what dropping them would change.
   */
  bots?: BotMode;
  /** Thresholds of the bot rules; missing ones take DEFAULT_BOT_RULES (see bots.ts). */
  botRules?: Partial<BotRules>;
}

export interface BotReport extends BotDetection {
  mode: BotMode;
}

/** The rows of `t` where `keep(i)` is true, in the same order. */
export function filterRatings(t: RatingsTable, keep: (row: number) => boolean): RatingsTable {
  const rows: number[] = [];
  for (let i = 0; i < t.length; i++) if (keep(i)) rows.push(i);
  return takeRows(t, rows);
}

/** Keeps the ratings whose movie passes `test`. */
function keepRatingsOf(t: RatingsTable, test: (movieId: number) => boolean): RatingsTable {
  return filterRatings(t, (i) => test(t.movieId[i]));
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * The inner join of ratings with movies (as `pd.merge` would do it): ratings of a movie missing from the
 * catalogue are lost. The report counts them (0 on ml-latest-small, whose files are consistent).
 */
export function mergeWithMovies(
  ratings: RatingsTable,
  movies: readonly Movie[],
): { ratings: RatingsTable; report: StepReport } {
  const known = new Set(movies.map((m) => m.movieId));
  const out = keepRatingsOf(ratings, (id) => known.has(id));
  const lost = ratings.length - out.length;
  const note = `${plural(lost, 'rating')} of movies missing from the catalogue lost in the merge`;
  return {
    ratings: out,
    report: { step: 'merge-movies', table: 'ratings', rowsIn: ratings.length, rowsOut: out.length, note },
  };
}

/**
 * Drops the movies without any genre (`(no genres listed)` in movies.csv, an empty `genres` here) and their
 * ratings: genre-based steps (top per genre, genre features) have nothing to say about them.
 * Reports two rows: one for the catalogue, one for the ratings.
 */
export function dropNoGenres(
  ratings: RatingsTable,
  movies: readonly Movie[],
): { ratings: RatingsTable; movies: Movie[]; report: StepReport[] } {
  const dropped = new Set(movies.filter((m) => m.genres.length === 0).map((m) => m.movieId));
  const keptMovies = movies.filter((m) => !dropped.has(m.movieId));
  const out = keepRatingsOf(ratings, (id) => !dropped.has(id));
  const rated = new Set(ratings.movieId.filter((id) => dropped.has(id))).size;
  const report: StepReport[] = [
    {
      step: 'drop-no-genres',
      table: 'movies',
      rowsIn: movies.length,
      rowsOut: keptMovies.length,
      note: `${plural(dropped.size, 'movie')} without genres dropped, ${rated} of them rated`,
    },
    {
      step: 'drop-no-genres',
      table: 'ratings',
      rowsIn: ratings.length,
      rowsOut: out.length,
      note: `${plural(ratings.length - out.length, 'rating')} of movies without genres dropped`,
    },
  ];
  return { ratings: out, movies: keptMovies, report };
}

/**
 * The whole cleaning step: merge with movies, drop movies without genres, then flag (default) or drop
 * bot-like users. The catalogue keeps unrated movies; only ratings are removed by the bot step. Tags, links
 * and users are passed through unchanged (tags of dropped movies stay: nothing in part 1 reads them).
 * @example cleanDataset(ds).data.ratings.length // 100,789 on ml-latest-small with the defaults
 */
export function cleanDataset(
  ds: MovieLens,
  options: CleaningOptions = {},
): { data: MovieLens; report: StepReport[]; bots: BotReport } {
  const mode = options.bots ?? 'flag';
  const merged = mergeWithMovies(ds.ratings, ds.movies);
  const genred = dropNoGenres(merged.ratings, ds.movies);
  const detection = detectBots(genred.ratings, options.botRules);
  let ratings = genred.ratings;
  if (mode === 'drop') {
    const flagged = new Set(detection.users.map((u) => u.userId));
    ratings = filterRatings(ratings, (i) => !flagged.has(genred.ratings.userId[i]));
  }
  const users = plural(detection.users.length, 'user');
  const botStep: StepReport = {
    step: 'bots',
    table: 'ratings',
    rowsIn: genred.ratings.length,
    rowsOut: ratings.length,
    note:
      mode === 'drop'
        ? `${users} flagged as bot-like and dropped with their ${plural(detection.flaggedRatings, 'rating')}`
        : `${users} flagged as bot-like (${plural(detection.flaggedRatings, 'rating')}), kept`,
  };
  return {
    data: { ...ds, ratings, movies: genred.movies },
    report: [merged.report, ...genred.report, botStep],
    bots: { ...detection, mode },
  };
}
