import type { DataFrame } from 'danfojs-node';
import { UsageError } from './errors';
import type { Movie, RatingsTable } from './types';

/**
 * danfojs DataFrames of the project's tables, for showing them in notebooks the way pandas would. Only this
 * module touches danfojs-node, and only when one of these functions is first called: it takes about 0.7 s to
 * load, which the CLI and the tests that show no table should not pay.
 */

type Danfo = typeof import('danfojs-node');
type Cell = string | number | boolean | null;
type Dtype = 'int32' | 'float32' | 'string' | 'boolean';

let danfo: Danfo | undefined;

function danfojs(): Danfo {
  if (danfo === undefined) {
    // A require at call time, not an import: an import would load danfojs with this module.
    danfo = require('danfojs-node') as Danfo;
    // Production mode stops tfjs from printing, at its first tensor, advice to install tfjs-node (which
    // does not install here; danfojs runs on the pure-JS backend).
    danfo.tensorflow.env().set('PROD', true);
  }
  return danfo;
}

/** A frame from columns of equal length, with the dtypes given (danfojs guesses int32 from a first 4.0). */
function frame(columns: Record<string, Cell[]>, dtypes: Dtype[]): DataFrame {
  const names = Object.keys(columns);
  const { DataFrame } = danfojs();
  // danfojs cannot build a frame from empty columns, but can from no rows with column names.
  if (names.length === 0 || columns[names[0]].length === 0) return new DataFrame([], { columns: names });
  return new DataFrame(columns, { columns: names, dtypes });
}

/**
 * The ratings as a frame with columns userId, movieId, rating, timestamp.
 * @param options.limit rows to show from the top (a non-negative integer); default all of them.
 */
export function ratingsFrame(table: RatingsTable, options: { limit?: number } = {}): DataFrame {
  const limit = options.limit ?? table.length;
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`limit must be a whole number >= 0, got ${limit}`);
  const n = Math.min(limit, table.length);
  const column = (values: ArrayLike<number>) => Array.from({ length: n }, (_, i) => values[i]);
  return frame(
    {
      userId: column(table.userId),
      movieId: column(table.movieId),
      rating: column(table.rating),
      timestamp: column(table.timestamp),
    },
    ['int32', 'int32', 'float32', 'int32'],
  );
}

/** Movies as a frame with columns movieId, title, year (null when unknown), genres (joined with '|'). */
export function moviesFrame(movies: readonly Movie[]): DataFrame {
  return frame(
    {
      movieId: movies.map((m) => m.movieId),
      title: movies.map((m) => m.title),
      year: movies.map((m) => m.year ?? null),
      genres: movies.map((m) => m.genres.join('|')),
    },
    ['int32', 'string', 'int32', 'string'],
  );
}

/**
 * Any records as a frame: one column per key, in order of first appearance. A missing value becomes null,
 * an array is joined with '|' (as genres are), another object is shown as JSON.
 */
export function recordsFrame<T extends object>(rows: readonly T[]): DataFrame {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns: Record<string, Cell[]> = {};
  for (const name of names) {
    columns[name] = rows.map((row) => toCell((row as Record<string, unknown>)[name]));
  }
  return frame(
    columns,
    names.map((name) => dtypeOf(columns[name])),
  );
}

function toCell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.join('|');
  return JSON.stringify(value);
}

/** int32 if every number is whole and fits, float32 for other numbers, else boolean or string. */
function dtypeOf(values: readonly Cell[]): Dtype {
  const present = values.filter((v) => v !== null);
  if (present.length > 0 && present.every((v) => typeof v === 'number')) {
    return present.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31) ? 'int32' : 'float32';
  }
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'string';
}
