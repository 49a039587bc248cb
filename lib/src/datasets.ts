import type { DatasetName } from './types';

/**
 * What each MovieLens dataset is made of: where it is published, the files the project reads, their
 * format, and the facts that identify a complete copy. Fetching validates against this; loading reads by it.
 */

/** The official download location; `MOVIELENS_MIRROR` overrides it (see fetch.ts). */
export const GROUPLENS_URL = 'https://files.grouplens.org/datasets/movielens';

export interface DataFileSpec {
  /** File name inside the dataset folder. */
  name: string;
  /** Field separator. */
  delimiter: ',' | '\t' | '|';
  /** The exact header line, or undefined for files without one (ml-100k). */
  header?: string;
  /** Number of fields on every data line. */
  fields: number;
  /** Data lines (header excluded) in the published release, used to detect truncated or altered copies. */
  rows: number;
  /** Text encoding: ml-100k's u.item is ISO-8859-1. */
  encoding: 'utf8' | 'latin1';
}

export interface DatasetSpec {
  name: DatasetName;
  /** One-line description for help texts and the data README. */
  description: string;
  /** Files the loaders read; each must exist and match after unpacking. */
  files: readonly DataFileSpec[];
  /** Rating scale: the allowed values are min, min+step, ..., max. */
  ratingScale: { min: number; max: number; step: number };
}

export const DATASETS: Readonly<Record<DatasetName, DatasetSpec>> = {
  'ml-latest-small': {
    name: 'ml-latest-small',
    description: 'MovieLens latest small (2018): 100,836 ratings and 3,683 tags by 610 users on 9,742 movies',
    ratingScale: { min: 0.5, max: 5, step: 0.5 },
    files: [
      {
        name: 'ratings.csv',
        delimiter: ',',
        header: 'userId,movieId,rating,timestamp',
        fields: 4,
        rows: 100836,
        encoding: 'utf8',
      },
      { name: 'movies.csv', delimiter: ',', header: 'movieId,title,genres', fields: 3, rows: 9742, encoding: 'utf8' },
      {
        name: 'tags.csv',
        delimiter: ',',
        header: 'userId,movieId,tag,timestamp',
        fields: 4,
        rows: 3683,
        encoding: 'utf8',
      },
      { name: 'links.csv', delimiter: ',', header: 'movieId,imdbId,tmdbId', fields: 3, rows: 9742, encoding: 'utf8' },
    ],
  },
  'ml-100k': {
    name: 'ml-100k',
    description: 'MovieLens 100K (1998): 100,000 ratings by 943 users on 1,682 movies, with demographics',
    ratingScale: { min: 1, max: 5, step: 1 },
    files: [
      { name: 'u.data', delimiter: '\t', fields: 4, rows: 100000, encoding: 'utf8' },
      { name: 'u.item', delimiter: '|', fields: 24, rows: 1682, encoding: 'latin1' },
      { name: 'u.user', delimiter: '|', fields: 5, rows: 943, encoding: 'utf8' },
      { name: 'u.genre', delimiter: '|', fields: 2, rows: 19, encoding: 'utf8' },
      ...(['u1', 'u2', 'u3', 'u4', 'u5'] as const).flatMap((fold) => [
        { name: `${fold}.base`, delimiter: '\t' as const, fields: 4, rows: 80000, encoding: 'utf8' as const },
        { name: `${fold}.test`, delimiter: '\t' as const, fields: 4, rows: 20000, encoding: 'utf8' as const },
      ]),
      ...(['ua', 'ub'] as const).flatMap((fold) => [
        { name: `${fold}.base`, delimiter: '\t' as const, fields: 4, rows: 90570, encoding: 'utf8' as const },
        { name: `${fold}.test`, delimiter: '\t' as const, fields: 4, rows: 9430, encoding: 'utf8' as const },
      ]),
    ],
  },
};

/** The spec of a dataset by name; throws a UsageError-worthy message for unknown names at the CLI layer. */
export function datasetSpec(name: DatasetName): DatasetSpec {
  return DATASETS[name];
}

/** True if `name` is one of the datasets the project knows. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(DATASETS, name);
}
