import { type DelimitedTable, excerpt, parseDelimitedTable, type SkipNotice } from './csv';
import { DATASETS, type DataFileSpec } from './datasets';
import { DataError } from './errors';
import type { DatasetName, Link, Movie, Tag, User } from './types';

/**
 * Parsers of the small MovieLens files (movies, tags, links; ml-100k's items, users, genres) into the
 * project's records. They take decoded text, so they are pure; loading.ts reads the files.
 */

/** ml-latest-small's genre label for a movie without genres; such a movie gets `genres: []`. */
export const NO_GENRES = '(no genres listed)';
/** ml-100k's flag for the same thing (2 movies); it also becomes `genres: []`, so both datasets agree. */
export const ML100K_UNKNOWN_GENRE = 'unknown';
/** The label each dataset uses for "no genres", kept so a notebook can show what cleaning drops. */
export const NO_GENRE_LABELS: Readonly<Record<DatasetName, string>> = {
  'ml-latest-small': NO_GENRES,
  'ml-100k': ML100K_UNKNOWN_GENRE,
};

/** ml-100k's 19 genres in flag order, as published in u.genre (used when u.genre is absent). */
export const ML100K_GENRES: readonly string[] = [
  ML100K_UNKNOWN_GENRE,
  ...['Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy'],
  ...['Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'],
];

type OnSkip = ((notice: SkipNotice) => void) | undefined;

/**
 * The year at the end of a title, "Heat (1995)" → 1995; a series' "(2006–2007)" gives its first year.
 * Undefined when the title does not end with one (13 titles of ml-latest-small, "unknown" in ml-100k).
 */
export function yearFromTitle(title: string): number | undefined {
  const match = /\((\d{4})(?:[–-]\d{0,4})?\)\s*$/.exec(title);
  return match === null ? undefined : Number(match[1]);
}

/** movies.csv: movieId,title,genres with genres separated by '|'. */
export function parseMoviesCsv(text: string, file: string, onSkip?: OnSkip): Movie[] {
  const { rows, lines } = parse(text, file, 'ml-latest-small', 'movies.csv', onSkip);
  const movies = rows.map(([id, title, genres], k): Movie => {
    const movieId = integer(id, 'movieId', file, lines[k]);
    if (genres === '') throw new DataError(`expected genres or ${excerpt(NO_GENRES)}, found nothing`, file, lines[k]);
    return withYear({ movieId, title, genres: genres === NO_GENRES ? [] : genres.split('|') });
  });
  checkUnique(movies, 'movieId', file, lines);
  return movies;
}

/** tags.csv: userId,movieId,tag,timestamp. A user may put several tags on a movie. */
export function parseTagsCsv(text: string, file: string, onSkip?: OnSkip): Tag[] {
  const { rows, lines } = parse(text, file, 'ml-latest-small', 'tags.csv', onSkip);
  return rows.map(([user, movie, tag, time], k) => ({
    userId: integer(user, 'userId', file, lines[k]),
    movieId: integer(movie, 'movieId', file, lines[k]),
    tag,
    timestamp: integer(time, 'timestamp', file, lines[k], 0, 0xffffffff),
  }));
}

/** links.csv: movieId,imdbId,tmdbId. imdbId keeps its leading zeros; tmdbId is empty for 8 movies. */
export function parseLinksCsv(text: string, file: string, onSkip?: OnSkip): Link[] {
  const { rows, lines } = parse(text, file, 'ml-latest-small', 'links.csv', onSkip);
  const links = rows.map(([movie, imdbId, tmdb], k): Link => {
    const movieId = integer(movie, 'movieId', file, lines[k]);
    if (!/^\d+$/.test(imdbId))
      throw new DataError(`expected digits for imdbId, found ${excerpt(imdbId)}`, file, lines[k]);
    return tmdb === '' ? { movieId, imdbId } : { movieId, imdbId, tmdbId: integer(tmdb, 'tmdbId', file, lines[k]) };
  });
  checkUnique(links, 'movieId', file, lines);
  return links;
}

/** u.genre: name|index lines; the indexes must run 0, 1, 2, ... (they give the flag order of u.item). */
export function parseGenres100k(text: string, file: string, onSkip?: OnSkip): string[] {
  const { rows, lines } = parse(text, file, 'ml-100k', 'u.genre', onSkip);
  return rows.map(([name, index], k) => {
    if (index !== String(k)) throw new DataError(`expected genre index ${k}, found ${excerpt(index)}`, file, lines[k]);
    return name;
  });
}

/**
 * u.item (decoded as ISO-8859-1): id|title|release date|video release date|IMDb URL|one 0/1 flag per genre.
 * The year comes from the title, else from the release date ("01-Jan-1995").
 */
export function parseItems100k(text: string, file: string, genres: readonly string[], onSkip?: OnSkip): Movie[] {
  const { rows, lines } = parse(text, file, 'ml-100k', 'u.item', onSkip, 5 + genres.length);
  const movies = rows.map((row, k): Movie => {
    const line = lines[k];
    const [id, title, released] = row;
    const date = /^\d{1,2}-[A-Z][a-z]{2}-(\d{4})$/.exec(released);
    if (released !== '' && date === null) {
      throw new DataError(`expected a release date like 01-Jan-1995, found ${excerpt(released)}`, file, line);
    }
    const flagged = genres.filter((_, g) => {
      const flag = row[5 + g];
      if (flag !== '0' && flag !== '1')
        throw new DataError(`expected 0 or 1 for ${genres[g]}, found ${excerpt(flag)}`, file, line);
      return flag === '1';
    });
    const movie: Movie = {
      movieId: integer(id, 'movie id', file, line),
      title,
      genres: flagged.filter((g) => g !== ML100K_UNKNOWN_GENRE),
    };
    const year = yearFromTitle(title) ?? (date === null ? undefined : Number(date[1]));
    return year === undefined ? movie : { ...movie, year };
  });
  checkUnique(movies, 'movieId', file, lines);
  return movies;
}

/** u.user: user id|age|gender|occupation|zip code. Gender is 'M' or 'F'; zip codes may hold letters. */
export function parseUsers100k(text: string, file: string, onSkip?: OnSkip): User[] {
  const { rows, lines } = parse(text, file, 'ml-100k', 'u.user', onSkip);
  const users = rows.map(([id, age, gender, occupation, zipCode], k): User => {
    if (gender !== 'M' && gender !== 'F')
      throw new DataError(`expected gender M or F, found ${excerpt(gender)}`, file, lines[k]);
    const userId = integer(id, 'user id', file, lines[k]);
    return { userId, age: integer(age, 'age', file, lines[k], 1, 150), gender, occupation, zipCode };
  });
  checkUnique(users, 'userId', file, lines);
  return users;
}

function withYear(movie: Movie): Movie {
  const year = yearFromTitle(movie.title);
  return year === undefined ? movie : { ...movie, year };
}

function parse(
  text: string,
  file: string,
  dataset: DatasetName,
  name: string,
  onSkip: OnSkip,
  fields?: number,
): DelimitedTable {
  const spec = DATASETS[dataset].files.find((f) => f.name === name) as DataFileSpec;
  const table = parseDelimitedTable(text, { ...spec, file, fields: fields ?? spec.fields });
  if (table.skipped !== undefined) onSkip?.(table.skipped);
  return table;
}

/** A whole number in [min, max] (default: a positive id), or a DataError naming the field. */
function integer(text: string, name: string, file: string, line: number, min = 1, max = 0x7fffffff): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value)) throw new DataError(`expected an integer for ${name}, found ${excerpt(text)}`, file, line);
  if (value < min || value > max)
    throw new DataError(`${name} ${text} is out of range: expected ${min} to ${max}`, file, line);
  return value;
}

/** Throws on the second row with the same `key`, naming both lines. */
function checkUnique<T, K extends keyof T>(rows: readonly T[], key: K, file: string, lines: readonly number[]): void {
  const seen = new Map<T[K], number>();
  rows.forEach((row, k) => {
    const first = seen.get(row[key]);
    if (first !== undefined) {
      const message = `${String(key)} ${row[key]} appears twice, on lines ${lines[first]} and ${lines[k]}`;
      throw new DataError(message, file, lines[k]);
    }
    seen.set(row[key], k);
  });
}
