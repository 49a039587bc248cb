import type { Movie, Rating } from '../types';
import { textTableSpec } from './table';
import { formatCount, themed, truncateText } from './theme';
import type { VegaLiteFigure } from './types';

/** The first rows of the two files, as loaded, and how many rows each file has in all. */
export interface SnapshotInput {
  /** The first ratings of ratings.csv, in file order (5 reads well). */
  ratings: readonly Rating[];
  /** The first movies of movies.csv, in file order. */
  movies: readonly Movie[];
  /** Rows of ratings.csv in all (100,836 in ml-latest-small). */
  ratingsTotal: number;
  /** Rows of movies.csv in all (9,742 in ml-latest-small). */
  moviesTotal: number;
}

/** Titles longer than this are cut with an ellipsis so the table stays narrower than a blog column. */
const MAX_TITLE = 44;
const MAX_GENRES = 48;

/** How a rating is written in ratings.csv: always one decimal (`4.0`, `3.5`). */
function csvRating(r: number): string {
  return r.toFixed(1);
}

/** How genres are written in movies.csv: joined by `|`, or the file's marker when there are none. */
function csvGenres(genres: readonly string[]): string {
  return genres.length === 0 ? '(no genres listed)' : genres.join('|');
}

/**
 * Figure 2: the first rows of ratings.csv and movies.csv as the files hold them, stacked as two
 * tables, so the reader sees the raw material before any code touches it.
 */
export function snapshotFigure(input: SnapshotInput): VegaLiteFigure {
  const { ratings, movies, ratingsTotal, moviesTotal } = input;
  if (ratings.length === 0 || movies.length === 0)
    throw new RangeError('snapshotFigure needs at least one row of each');
  if (ratings.length > ratingsTotal || movies.length > moviesTotal) {
    throw new RangeError('snapshotFigure: more rows shown than the totals say the files hold');
  }
  const ratingsTable = textTableSpec({
    title: `ratings.csv: first ${ratings.length} of ${formatCount(ratingsTotal)} rows`,
    columns: [
      { header: 'userId', align: 'right' },
      { header: 'movieId', align: 'right' },
      { header: 'rating', align: 'right' },
      { header: 'timestamp', align: 'right' },
    ],
    rows: ratings.map((r) => [String(r.userId), String(r.movieId), csvRating(r.rating), String(r.timestamp)]),
  });
  const moviesTable = textTableSpec({
    title: `movies.csv: first ${movies.length} of ${formatCount(moviesTotal)} rows`,
    columns: [{ header: 'movieId', align: 'right' }, { header: 'title' }, { header: 'genres' }],
    rows: movies.map((m) => [
      String(m.movieId),
      truncateText(m.title, MAX_TITLE),
      truncateText(csvGenres(m.genres), MAX_GENRES),
    ]),
  });
  return {
    id: 'fig02',
    slug: 'snapshot',
    kind: 'vega-lite',
    title: 'A first look at ratings.csv and movies.csv',
    caption:
      `The first ${ratings.length} of ${formatCount(ratingsTotal)} rows of ratings.csv (one rating per row, ` +
      `timestamps in seconds since 1970) and the first ${movies.length} of ${formatCount(moviesTotal)} rows ` +
      'of movies.csv (title with year, genres separated by |).',
    spec: themed({ vconcat: [ratingsTable, moviesTable], spacing: 28 }),
  };
}
