import { access, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { SkipNotice } from './csv';
import { DataError } from './errors';
import { ensureDataset } from './fetch';
import {
  ML100K_GENRES,
  parseGenres100k,
  parseItems100k,
  parseLinksCsv,
  parseMoviesCsv,
  parseTagsCsv,
  parseUsers100k,
} from './movielens-files';
import type { Progress } from './progress';
import { readRatingsFile } from './ratings-file';
import type { DatasetName, MovieLens, RatingsTable } from './types';

/**
 * Step 1 of the blog, loading: MovieLens files into the project's one shape (typed rating columns, movie
 * records), whichever dataset they come from. Bad data stops loading with a DataError naming file and line.
 */

export type { SkipNotice } from './csv';
export {
  ML100K_GENRES,
  ML100K_UNKNOWN_GENRE,
  NO_GENRE_LABELS,
  NO_GENRES,
  parseGenres100k,
  parseItems100k,
  parseLinksCsv,
  parseMoviesCsv,
  parseTagsCsv,
  parseUsers100k,
  yearFromTitle,
} from './movielens-files';
export { findRepeatedPair, RatingsTableBuilder, ratingsToRecords, recordsToTable } from './ratings-columns';
export type { RatingScale, RatingsFormat, ReadRatingsOptions } from './ratings-file';
export { describeScale, onScale, readRatingsFile } from './ratings-file';

export interface LoadOptions {
  /** Progress of reading the ratings, in bytes; default silent. */
  progress?: Progress;
  /**
   * Told about lines skipped on purpose: only blank lines at the end of a file (ml-100k's u.genre has one).
   * Default: ignored, since such lines hold no data.
   */
  onSkip?: (notice: SkipNotice) => void;
}

/** The ml-100k splits: u1..u5 are the 5 folds of an 80/20 cross-validation, ua/ub hold out 10 ratings per user. */
export type Ml100kFold = 'u1' | 'u2' | 'u3' | 'u4' | 'u5' | 'ua' | 'ub';

/**
 * Loads a dataset from a folder holding its files (ratings.csv, movies.csv, tags.csv, links.csv; or
 * u.data, u.item, u.user and optionally u.genre, else the published genre list is used).
 */
export async function loadMovieLensDir(dir: string, name: DatasetName, options: LoadOptions = {}): Promise<MovieLens> {
  const at = (file: string) => path.join(dir, file);
  const { progress, onSkip } = options;
  await requireFiles(dir, name);
  if (name === 'ml-latest-small') {
    const [ratings, movies, tags, links] = await Promise.all([
      readRatingsFile(at('ratings.csv'), 'csv', { progress, onSkip }),
      readText(at('movies.csv')).then((text) => parseMoviesCsv(text, at('movies.csv'), onSkip)),
      readText(at('tags.csv')).then((text) => parseTagsCsv(text, at('tags.csv'), onSkip)),
      readText(at('links.csv')).then((text) => parseLinksCsv(text, at('links.csv'), onSkip)),
    ]);
    return { name, ratings, movies, tags, links };
  }
  const genreText = await readText(at('u.genre')).catch((error) => {
    if (error instanceof DataError && error.file === at('u.genre') && error.line === undefined) return undefined;
    throw error;
  });
  const genres = genreText === undefined ? ML100K_GENRES : parseGenres100k(genreText, at('u.genre'), onSkip);
  const [ratings, movies, users] = await Promise.all([
    readRatingsFile(at('u.data'), 'ml-100k', { progress, onSkip }),
    readText(at('u.item'), 'latin1').then((text) => parseItems100k(text, at('u.item'), genres, onSkip)),
    readText(at('u.user')).then((text) => parseUsers100k(text, at('u.user'), onSkip)),
  ]);
  return { name, ratings, movies, users };
}

const cache = new Map<string, Promise<MovieLens>>();

/**
 * Fetches the dataset if needed (see fetch.ts) and loads it. Loaded once per process and data folder: the
 * result is shared between callers, so treat it as read-only (cleaning and the models copy what they change).
 */
export function loadDataset(name: DatasetName, options: LoadOptions & { dataDir?: string } = {}): Promise<MovieLens> {
  const key = `${options.dataDir ?? ''}\0${name}`;
  let loaded = cache.get(key);
  if (loaded === undefined) {
    loaded = ensureDataset(name, { dataDir: options.dataDir, progress: options.progress }).then((dir) =>
      loadMovieLensDir(dir, name, options),
    );
    // A failure is not cached: the next call tries again (after the user fixed the data, say).
    loaded.catch(() => cache.delete(key));
    cache.set(key, loaded);
  }
  return loaded;
}

/** Reads the train (`<fold>.base`) and test (`<fold>.test`) ratings of an ml-100k split from `dir`. */
export async function loadMl100kFold(
  dir: string,
  fold: Ml100kFold,
  options: LoadOptions = {},
): Promise<{ train: RatingsTable; test: RatingsTable }> {
  const read = (file: string) => readRatingsFile(path.join(dir, file), 'ml-100k', options);
  const [train, test] = await Promise.all([read(`${fold}.base`), read(`${fold}.test`)]);
  return { train, test };
}

const REQUIRED: Record<DatasetName, readonly string[]> = {
  'ml-latest-small': ['ratings.csv', 'movies.csv', 'tags.csv', 'links.csv'],
  'ml-100k': ['u.data', 'u.item', 'u.user'],
};

/** Fails on the first missing file, saying what the folder should hold (one clear error, not four). */
async function requireFiles(dir: string, name: DatasetName): Promise<void> {
  for (const file of REQUIRED[name]) {
    await access(path.join(dir, file)).catch(() => {
      const message = `no such file: an ${name} folder holds ${REQUIRED[name].join(', ')}`;
      throw new DataError(message, path.join(dir, file));
    });
  }
}

/** A whole text file; a missing file is a DataError naming it. u.item is ISO-8859-1, the rest UTF-8. */
async function readText(file: string, encoding: 'utf8' | 'latin1' = 'utf8'): Promise<string> {
  try {
    return (await readFile(file)).toString(encoding);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DataError('no such file', file);
    throw error;
  }
}
