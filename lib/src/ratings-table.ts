import type { Rating, RatingsTable } from './types';

/**
 * Row selection on typed-column ratings: splitters build their train and test tables with `takeRows`, so no
 * per-rating object is created on their hot paths. (`ratingsTable` duplicates `recordsToTable` of
 * ratings-columns.ts; it stays for the modules that already import it from here.)
 */

/** Typed columns from records, in the same order. */
export function ratingsTable(records: readonly Rating[]): RatingsTable {
  const out = emptyTable(records.length);
  records.forEach((r, i) => {
    out.userId[i] = r.userId;
    out.movieId[i] = r.movieId;
    out.rating[i] = r.rating;
    out.timestamp[i] = r.timestamp;
  });
  return out;
}

/**
 * A new table holding the rows `rows` of `table`, in the order given.
 * @param rows row indices in [0, table.length); a repeated index repeats the row.
 */
export function takeRows(table: RatingsTable, rows: ArrayLike<number>): RatingsTable {
  const n = rows.length;
  const out = emptyTable(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    out.userId[i] = table.userId[row];
    out.movieId[i] = table.movieId[row];
    out.rating[i] = table.rating[row];
    out.timestamp[i] = table.timestamp[row];
  }
  return out;
}

function emptyTable(length: number) {
  return {
    length,
    userId: new Int32Array(length),
    movieId: new Int32Array(length),
    rating: new Float32Array(length),
    timestamp: new Uint32Array(length),
  } satisfies RatingsTable;
}
